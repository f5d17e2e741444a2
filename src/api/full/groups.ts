/** The FullNode API's method groups, in the order the reference documents them; the table is their union. */
import { CommonMethods } from '../common.ts'
import { ChainMethods } from './chain.ts'
import { MiningMethods } from './mining.ts'
import { GasMethods, MpoolMethods } from './mpool.ts'
import { StateMethods } from './state.ts'
import { StateMinerMethods } from './state-miner.ts'
import { StateSealingMethods } from './state-sealing.ts'
import { WalletMethods } from './wallet.ts'

export const FULL_NODE_GROUPS = [
  { name: 'Common', methods: CommonMethods },
  { name: 'Wallet', methods: WalletMethods },
  { name: 'Chain', methods: ChainMethods },
  { name: 'State', methods: StateMethods },
  { name: 'State (miner)', methods: StateMinerMethods },
  { name: 'State (sealing and proving)', methods: StateSealingMethods },
  { name: 'Mpool', methods: MpoolMethods },
  { name: 'Gas', methods: GasMethods },
  { name: 'Mining and sync', methods: MiningMethods },
] as const
