/** The FullNode API reference as `docs/api/full.md` renders it. */
import { renderApiDoc } from '../docs.ts'
import { CommonMethods } from '../common.ts'
import { ChainMethods } from './chain.ts'
import { GasMethods, MpoolMethods } from './mpool.ts'
import { StateMethods } from './state.ts'
import { StateMinerMethods } from './state-miner.ts'
import { WalletMethods } from './wallet.ts'

export function fullNodeApiDoc(): string {
  return renderApiDoc(
    'FullNode API (lotus daemon)',
    'Served by `lotus daemon` on the address in `<LOTUS_PATH>/api` (default `/ip4/127.0.0.1/tcp/1234/http`). ' +
      'Permissions follow the `//perm:` tags of lotus `api/api_full.go` and `api/api_common.go`.',
    [
      { name: 'Common', methods: CommonMethods },
      { name: 'Wallet', methods: WalletMethods },
      { name: 'Chain', methods: ChainMethods },
      { name: 'State', methods: StateMethods },
      { name: 'State (miner)', methods: StateMinerMethods },
      { name: 'Mpool', methods: MpoolMethods },
      { name: 'Gas', methods: GasMethods },
    ],
  )
}
