/**
 * The miner's repo kind and `config.toml` defaults in Lotus's section and key names (node/config/def.go
 * DefaultStorageMiner): the keys this project uses, with Lotus's defaults. Durations are Go duration
 * strings, FIL amounts Lotus's FIL strings. Any key can be overridden by `LOTUS_<SECTION>_<KEY>`.
 */
import type { RepoKind } from '../../api/repo/fs-repo.ts'

export const MINER_CONFIG_DEFAULTS = {
  API: {
    /** Where the StorageMiner API listens (port 0 picks a free port). */
    ListenAddress: '/ip4/127.0.0.1/tcp/2345/http',
    /** The host:port workers and other processes reach this miner at (its `/remote` URLs). */
    RemoteListenAddress: '127.0.0.1:2345',
    Timeout: '30s',
  },
  Subsystems: {
    EnableMining: true,
    EnableSealing: true,
    EnableSectorStorage: true,
    EnableSectorIndexDB: false,
  },
  Sealing: {
    MaxWaitDealsSectors: 2,
    MaxSealingSectors: 0,
    MaxSealingSectorsForDeals: 0,
    WaitDealsDelay: '6h0m0s',
    AlwaysKeepUnsealedCopy: true,
    FinalizeEarly: false,
    MakeNewSectorForDeals: true,
    CollateralFromMinerBalance: false,
    DisableCollateralFallback: false,
    MaxPreCommitBatch: 256,
    PreCommitBatchWait: '24h0m0s',
    PreCommitBatchSlack: '3h0m0s',
    CommittedCapacitySectorLifetime: '12960h0m0s',
    MinCommitBatch: 4,
    MaxCommitBatch: 819,
    CommitBatchWait: '24h0m0s',
    CommitBatchSlack: '1h0m0s',
    TerminateBatchMin: 1,
    TerminateBatchMax: 100,
    TerminateBatchWait: '5m0s',
    MaxSectorProveCommitsSubmittedPerEpoch: 20,
    UseSyntheticPoRep: false,
  },
  Proving: {
    ParallelCheckLimit: 32,
    PartitionCheckTimeout: '20m0s',
    SingleCheckTimeout: '10m0s',
    /**
     * Lotus-TS: `lotus-miner stop` refuses (without --force) while a deadline holding sectors is open or
     * opens within this many epochs.
     */
    MaintenanceMarginEpochs: 5,
  },
  Storage: {
    AllowSectorDownload: true,
    AllowAddPiece: true,
    AllowPreCommit1: true,
    AllowPreCommit2: true,
    AllowCommit: true,
    AllowUnseal: true,
    AllowReplicaUpdate: true,
    AllowProveReplicaUpdate2: true,
    AllowRegenSectorKey: true,
    ParallelFetchLimit: 10,
    Assigner: 'utilization',
    ResourceFiltering: 'hardware',
  },
  Fees: {
    MaxPreCommitGasFee: '0.025 FIL',
    MaxCommitGasFee: '0.05 FIL',
    MaxTerminateGasFee: '0.5 FIL',
    MaxWindowPoStGasFee: '5 FIL',
    MaximizeWindowPoStFeeCap: true,
  },
  Addresses: {
    PreCommitControl: [] as string[],
    CommitControl: [] as string[],
    TerminateControl: [] as string[],
    DealPublishControl: [] as string[],
    DisableOwnerFallback: false,
    DisableWorkerFallback: false,
  },
}
export type MinerConfig = typeof MINER_CONFIG_DEFAULTS

export const MINER_REPO: RepoKind<MinerConfig> = {
  name: 'StorageMiner',
  pathEnv: 'LOTUS_MINER_PATH',
  defaultPath: '~/.lotusminer',
  apiInfoEnv: 'MINER_API_INFO',
  configDefaults: MINER_CONFIG_DEFAULTS,
}

/** Build version reported by `Version` and `lotus-miner --version`. */
export const MINER_BUILD_VERSION = '0.1.0+lotus-ts'

/** The miner's SQL metadata (scheduler calls, sectors, proving), in the repo (Lotus: the `metadata` datastore). */
export const METADATA_DB_FILE = 'metadata.sqlite'
