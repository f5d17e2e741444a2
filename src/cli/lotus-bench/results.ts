/** What `lotus-bench sealing` reports: lotus-bench's BenchResults and SealingResult, in nanoseconds. */

/** lotus-bench SealingResult (nanoseconds). */
export interface SealingResult {
  AddPiece: number
  PreCommit1: number
  PreCommit2: number
  Commit1: number
  Commit2: number
  Verify: number
  Unseal: number
}

export interface SealedInfo {
  SectorNumber: number
  CommD: string
  CommR: string
  Verified: boolean
}

/** lotus-bench BenchResults, plus the sectors' CIDs and peak memory per phase (bytes). */
export interface BenchResults {
  EnvVar: Record<string, string>
  SectorSize: number
  SectorNumber: number
  SealingSum: SealingResult
  SealingResults: SealingResult[]
  PostGenerateCandidates: number
  PostWinningProofCold: number
  PostWinningProofHot: number
  VerifyWinningPostCold: number
  VerifyWinningPostHot: number
  PostWindowProofCold: number
  PostWindowProofHot: number
  VerifyWindowPostCold: number
  VerifyWindowPostHot: number
  Sectors: SealedInfo[]
  PeakRSS: Record<string, number>
}
