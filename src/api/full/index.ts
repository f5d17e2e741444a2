/** The FullNode API table (`lotus daemon`): Common, Wallet, Chain, State, Mpool, Gas, Mining and Sync, on /rpc/v0 and /rpc/v1. */
import { packVersion } from '../codecs.ts'
import { tableOf } from '../method.ts'
import { CommonMethods } from '../common.ts'
import { ChainMethods } from './chain.ts'
import { GasMethods, MpoolMethods } from './mpool.ts'
import { MiningMethods } from './mining.ts'
import { StateMethods } from './state.ts'
import { StateMinerMethods } from './state-miner.ts'
import { StateSealingMethods } from './state-sealing.ts'
import { WalletMethods } from './wallet.ts'

export const FullNodeMethods = tableOf({
  ...CommonMethods,
  ...WalletMethods,
  ...ChainMethods,
  ...StateMethods,
  ...StateMinerMethods,
  ...StateSealingMethods,
  ...MpoolMethods,
  ...GasMethods,
  ...MiningMethods,
})
export type FullNodeMethods = typeof FullNodeMethods

/** Lotus FullAPIVersion0 and FullAPIVersion1 (api/version.go). */
export const FULL_API_VERSION = { v0: packVersion(1, 5, 0), v1: packVersion(2, 3, 0) } as const
