/** The StorageMiner API's proving methods (src/api/miner/proving.ts) over the WindowPoSt tracker. */
import type { ProvingMethods, ProvingStatusJson } from '../../api/miner/proving.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import { BitField } from '../../crypto/bitfield.ts'
import { DecodeError, NotFoundError } from '../../util/errors.ts'
import type { MinerConfig } from '../repo/config.ts'
import { checkProvable, type FileLocator } from './check.ts'
import { computeWindowPoSt } from './manual.ts'
import type { ProvingTracker } from './tracker.ts'

function sectorNumbers(refs: unknown): number[] {
  if (!Array.isArray(refs)) throw new DecodeError('sectors: expected a list of {ID:{Miner,Number},ProofType}')
  return refs.map((r, i) => {
    const n = (r as { ID?: { Number?: unknown } })?.ID?.Number
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
      throw new DecodeError(`sectors[${i}].ID.Number: expected a sector number`)
    return n
  })
}

/** `tracker()` is undefined when the miner has no daemon or no actor: the methods then say so. */
export function provingHandlers(
  tracker: () => ProvingTracker | undefined,
  locate: FileLocator,
  addresses: () => MinerConfig['Addresses'],
): Handlers<typeof ProvingMethods> {
  const need = (): ProvingTracker => {
    const t = tracker()
    if (!t) throw new NotFoundError('proving is not running: the miner has no daemon (FULLNODE_API_INFO) or no actor')
    return t
  }
  return {
    CheckProvable: async (_ctx, _pp, refs) => {
      const t = need()
      const wanted = sectorNumbers(refs)
      const onChain = new Map((await t.view.sectors(BitField.fromSet(wanted))).map((s) => [s.number, s]))
      const bad: Record<string, string> = {}
      for (const n of wanted) {
        const s = onChain.get(n)
        if (!s) {
          bad[n] = 'sector not found on chain'
          continue
        }
        const r = checkProvable(t.minerId, s, locate)
        if (!r.ok) bad[n] = r.reason
      }
      return bad
    },
    ComputeWindowPoSt: (ctx, dlIdx, tsk) => computeWindowPoSt(need().prover, dlIdx, tsk, ctx.signal),
    ActorAddressConfig: () => addresses(),
    ProvingStatus: async () => {
      const t = tracker()
      const out: ProvingStatusJson = { Current: null, LastError: '', Steps: [] }
      if (!t) return out
      const c = t.current
      out.Current = c
        ? {
            CurrentEpoch: c.currentEpoch,
            PeriodStart: c.periodStart,
            Index: c.index,
            Open: c.open,
            Close: c.close,
            Challenge: c.challenge,
            FaultCutoff: c.faultCutoff,
          }
        : null
      out.LastError = t.lastError ?? ''
      out.Steps = t.store.recent().map((r) => ({
        Step: r.step,
        Deadline: r.deadline,
        Open: r.open,
        PeriodStart: r.periodStart,
        State: r.state,
        MsgCid: r.msgCid,
        Detail: r.detail,
        Updated: r.updatedAt,
      }))
      return out
    },
  }
}
