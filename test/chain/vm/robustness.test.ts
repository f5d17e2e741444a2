import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeCbor } from '../../../src/core/cbor/encode.ts'
import { ExitCode } from '../../../src/core/exit-code.ts'
import { ID, msg, setup, totalBalance, vmAt } from './fixtures.ts'
import { chainStateFuzzTargets } from '../actors/fuzz-targets.ts'

describe('VM robustness', () => {
  it('any params to any builtin method end in an exit code, never a crash, and conserve funds', async () => {
    const s = await setup(2)
    const vm = await vmAt(s)
    const seeds = [
      new Uint8Array(0),
      Uint8Array.of(0xff),
      encodeCbor([]),
      encodeCbor(null),
      ...chainStateFuzzTargets.flatMap((t) => t.seeds),
    ]
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const codes = new Set<number>()
    let nonce = 0n
    for (const to of [0, 1, 2, 3, 4, 99, 100]) {
      for (let method = 0n; method <= 10n; method++) {
        for (let i = 0; i < 4; i++) {
          const base = seeds[rand(seeds.length)]!
          const params = Uint8Array.from(base)
          if (params.length > 0 && i > 1) params[rand(params.length)]! ^= 1 << rand(8)
          const r = await vm.applyMessage(
            msg({ from: s.keys[0]!, nonce, to: ID(to), method, params, value: BigInt(rand(3)), gasLimit: 50_000_000n }),
          )
          nonce++
          codes.add(r.receipt.exitCode)
          assert.notEqual(r.receipt.exitCode, ExitCode.SysErrSenderStateInvalid)
        }
      }
    }
    assert.ok(codes.has(ExitCode.ErrForbidden) && codes.has(ExitCode.ErrSerialization), [...codes].join(','))
    assert.equal(await totalBalance(s.deps, await vm.flush()), s.total)
  })
})
