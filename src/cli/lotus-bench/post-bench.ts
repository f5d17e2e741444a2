/**
 * The PoSt half of `lotus-bench sealing`: Winning PoSt (sector pick, proof cold and hot, verify cold and
 * hot) and Window PoSt over every sealed sector, in process, timed as lotus-bench times them.
 */
import { randomBytes } from 'node:crypto'
import {
  generateWindowPoSt,
  generateWinningPoSt,
  type SectorToProve,
  verifyWindowPoSt,
  verifyWinningPoSt,
  winningPoStSectorChallenge,
} from '../../proofs/post/index.ts'
import type { SealProofInfo } from '../../proofs/registered-proof.ts'
import { proverId as makeProverId } from '../../proofs/sdr/replica-id.ts'
import { LotusError } from '../../util/errors.ts'
import type { BenchResults } from './results.ts'

const now = () => process.hrtime.bigint()
const peak = () => process.resourceUsage().maxRSS * 1024

function timed<T>(fn: () => T): [T, number] {
  const t = now()
  const r = fn()
  return [r, Number(now() - t)]
}

/** Fills the PoSt fields of `out` for the sealed sectors. */
export function postBench(info: SealProofInfo, minerId: bigint, sectors: SectorToProve[], out: BenchResults): void {
  const randomness = randomBytes(32)
  randomness[31]! &= 0x3f
  const proverId = makeProverId(minerId)
  const winning = { postProof: info.winningPoSt, randomness, proverId }
  const [picks, candidates] = timed(() =>
    winningPoStSectorChallenge(info.winningPoSt, randomness, proverId, sectors.length),
  )
  out.PostGenerateCandidates = candidates
  const chosen = picks.map((i) => sectors[i]!)
  const prove = () => generateWinningPoSt({ ...winning, sectors: chosen })
  const [wp, wCold] = timed(prove)
  out.PostWinningProofCold = wCold
  out.PostWinningProofHot = timed(prove)[1]
  const verifyW = () => verifyWinningPoSt({ ...winning, sectors: chosen, proof: wp })
  const [okW, vwCold] = timed(verifyW)
  out.VerifyWinningPostCold = vwCold
  out.VerifyWinningPostHot = timed(verifyW)[1]
  out.PeakRSS.WinningPoSt = peak()
  const window = { postProof: info.windowPoStV1_1, randomness, sectors }
  const [wd, dCold] = timed(() => generateWindowPoSt(window))
  out.PostWindowProofCold = dCold
  out.PostWindowProofHot = timed(() => generateWindowPoSt(window))[1]
  const verifyD = () => verifyWindowPoSt({ ...window, proof: wd.proof })
  const [okD, vdCold] = timed(verifyD)
  out.VerifyWindowPostCold = vdCold
  out.VerifyWindowPostHot = timed(verifyD)[1]
  out.PeakRSS.WindowPoSt = peak()
  if (!okW || !okD || wd.skipped.length > 0)
    throw new LotusError('ERR_INTERNAL', 'PoSt proofs of freshly sealed sectors do not verify')
}
