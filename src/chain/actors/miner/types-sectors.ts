/**
 * Storage miner parameters for precommit and prove-commit (`builtin-actors:actors/miner/src/types.rs`). The
 * codecs live in core/miner-params.ts, shared with the sealing pipeline that encodes them.
 */
export {
  type BatchReturn,
  BatchReturnCodec,
  type DataActivationNotification,
  type FailCode,
  type PieceActivationManifest,
  type PreCommitSectorBatchParams2,
  PreCommitSectorBatchParams2Codec,
  type PreCommitSectorParams,
  PreCommitSectorParamsCodec,
  type ProveCommitSectorParams,
  ProveCommitSectorParamsCodec,
  type ProveCommitSectors3Params,
  ProveCommitSectors3ParamsCodec,
  type SectorActivationManifest,
  type SectorPreCommitInfo,
  SectorPreCommitInfoCodec,
  type VerifiedAllocationKey,
} from '../../../core/miner-params.ts'
