/**
 * Seeded fuzzing of every decoder in core: random byte strings and mutations (bit flips, truncations,
 * insertions, deletions, overwrites) of valid encodings. The only acceptable outcomes are a value or a
 * LotusError; a successful strict CBOR decode must re-encode to the very same bytes.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { bytesEqual, toHex, utf8 } from '../../src/util/bytes.ts'
import { parseJson, stringifyJson } from '../../src/util/json.ts'
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

/** Values of every JSON kind, including ones a field of another kind must reject. */
const JSON_REPLACEMENTS: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2n ** 64n,
  -(2n ** 63n) - 1n,
  '',
  'x',
  '-1',
  'AAAA',
  '%%',
  't01',
  [],
  [1],
  {},
  { '/': 'x' },
  { '/': 'bafy2bzacedswlcz5ddgqnyo3sak3jmhmkxashisnlpq6ujgyhe4mlobzpnhs6' },
  { Type: 1, Data: '' },
]

/** Replaces one random node of a JSON document (or drops an object key) with a value of another kind. */
function mutateJson(seed: Uint8Array, rnd: () => number): Uint8Array {
  const int = (n: number) => Math.floor(rnd() * n)
  const doc = parseJson(new TextDecoder().decode(seed))
  const nodes: [Record<string, unknown> | unknown[], string | number][] = []
  const walk = (v: unknown) => {
    if (typeof v !== 'object' || v === null) return
    const obj = v as Record<string | number, unknown>
    for (const k of Array.isArray(v) ? v.keys() : Object.keys(v)) {
      nodes.push([v as Record<string, unknown>, k])
      walk(obj[k])
    }
  }
  walk(doc)
  const pick = nodes[int(nodes.length)]
  if (!pick) return utf8(stringifyJson(JSON_REPLACEMENTS[int(JSON_REPLACEMENTS.length)]))
  const [parent, key] = pick
  if (!Array.isArray(parent) && rnd() < 0.15) delete parent[key as string]
  else (parent as Record<string | number, unknown>)[key] = JSON_REPLACEMENTS[int(JSON_REPLACEMENTS.length)]
  return utf8(stringifyJson(doc))
}

for (const [index, target] of fuzzTargets.entries()) {
  test(`fuzz ${target.name}: ${RUNS} inputs yield a value or a LotusError`, () => {
    const rnd = prng(0x5eed + index)
    let accepted = 0
    for (const s of target.seeds) assert.doesNotThrow(() => target.decode(s), `seed ${toHex(s)} must decode`)
    for (let i = 0; i < RUNS; i++) {
      const seed = target.seeds[i % target.seeds.length]!
      const input =
        i % 8 === 0
          ? Uint8Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256))
          : target.json && i % 2 === 1
            ? mutateJson(seed, rnd)
            : mutate(seed, rnd)
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
