/**
 * Seeded fuzzing of every decoder in core: random byte strings and mutations (bit flips, truncations,
 * insertions, deletions, overwrites) of valid encodings. The only acceptable outcomes are a value or a
 * LotusError; a successful strict CBOR decode must re-encode to the very same bytes.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { bytesEqual, toHex } from '../../src/util/bytes.ts'
import { LotusError } from '../../src/util/errors.ts'
import { fuzzTargets } from './targets.ts'

/** Runs per target (LOTUS_FUZZ_RUNS overrides, e.g. for a long soak). */
const RUNS = Number(process.env.LOTUS_FUZZ_RUNS ?? 5000)

/** mulberry32: a small seeded PRNG, so every failure reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function mutate(seed: Uint8Array, rnd: () => number): Uint8Array {
  const int = (n: number) => Math.floor(rnd() * n)
  const out = Array.from(seed)
  const edits = 1 + int(4)
  for (let e = 0; e < edits; e++) {
    const at = int(out.length + 1)
    switch (int(6)) {
      case 0: // bit flip
        if (out.length) out[at % out.length]! ^= 1 << int(8)
        break
      case 1: // truncate
        out.length = at
        break
      case 2: // insert random bytes
        out.splice(at, 0, ...Array.from({ length: 1 + int(4) }, () => int(256)))
        break
      case 3: // delete a run
        out.splice(at, 1 + int(4))
        break
      case 4: // overwrite with an interesting byte (CBOR headers, limits)
        if (out.length)
          out[at % out.length] = [0x00, 0x17, 0x18, 0x1b, 0x40, 0x58, 0x80, 0x9f, 0xd8, 0xf6, 0xff][int(11)]!
        break
      default: // duplicate a slice
        out.splice(at, 0, ...out.slice(int(out.length + 1), int(out.length + 1)))
    }
  }
  return Uint8Array.from(out)
}

for (const [index, target] of fuzzTargets.entries()) {
  test(`fuzz ${target.name}: ${RUNS} inputs yield a value or a LotusError`, () => {
    const rnd = prng(0x5eed + index)
    let accepted = 0
    for (const s of target.seeds) assert.doesNotThrow(() => target.decode(s), `seed ${toHex(s)} must decode`)
    for (let i = 0; i < RUNS; i++) {
      const input =
        i % 8 === 0
          ? Uint8Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256))
          : mutate(target.seeds[i % target.seeds.length]!, rnd)
      let value: unknown
      try {
        value = target.decode(input)
      } catch (err) {
        if (err instanceof LotusError) continue
        assert.fail(`${target.name}(${toHex(input)}) threw a non-LotusError: ${(err as Error)?.stack ?? err}`)
      }
      accepted++
      if (target.encode) {
        let again: Uint8Array
        try {
          again = target.encode(value)
        } catch (err) {
          return assert.fail(`${target.name}(${toHex(input)}) decoded but does not re-encode: ${err}`)
        }
        assert.ok(bytesEqual(again, input), `${target.name}(${toHex(input)}) re-encodes as ${toHex(again)}`)
      }
    }
    assert.ok(accepted <= RUNS)
  })
}
