/**
 * The commitment CIDs the miner actor accepts (`go-fil-commcid`, formats in proofs/piece-cid.ts): CommR as
 * fil-commitment-sealed with the poseidon multihash, CommD as fil-commitment-unsealed with the
 * sha2-256-trunc254-padded multihash, both 32 bytes; and the CommD of an all-zero sector per size
 * (`builtin-actors:actors/miner/src/commd.rs` ZERO_COMMD_HASH).
 */
import type { CID } from '../../../core/cid.ts'
import {
  cidToCommitment,
  commPToCid,
  FIL_COMMITMENT_SEALED,
  FIL_COMMITMENT_UNSEALED,
} from '../../../proofs/piece-cid.ts'
import { fromHex } from '../../../util/bytes.ts'
import { DecodeError } from '../../../util/errors.ts'

function isCommitment(c: CID, codec: number): boolean {
  try {
    return c.version === 1 && cidToCommitment(c, codec).length === 32
  } catch (err) {
    if (err instanceof DecodeError) return false
    throw err
  }
}
export const isSealedCid = (c: CID): boolean => isCommitment(c, FIL_COMMITMENT_SEALED)
export const isUnsealedCid = (c: CID): boolean => isCommitment(c, FIL_COMMITMENT_UNSEALED)

/** CommD of an empty sector, by size index (2KiB, 8MiB, 512MiB, 32GiB, 64GiB). */
const ZERO_COMMD = [
  'fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833',
  '39560e7b13a93b07a243fd2720ffa7cb3e1d2e505ab3629e79f46313512cda06',
  '65f29e5d98d246c38b388cfc06db1f6b021303c5a289000bdce832a9c3ec421c',
  '077e5fde35c50a9303a55009e3498a4ebedff39c42b710b730d8ec7ac7afa63e',
  'e64005a6bfe3777953b8ad6ef93f0fca1049b2041654f2a411f7702799cece02',
] as const

/** The unsealed CID of an all-zero sector for a seal proof. */
export function zeroCommD(sealProof: number): CID {
  return commPToCid(fromHex(ZERO_COMMD[sealProof % 5]!))
}
