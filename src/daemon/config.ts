/**
 * The daemon's repo kind and `config.toml` defaults, in Lotus's section and key names
 * (node/config/def.go). Sections the daemon does not use yet are added by the issues that need them.
 */
import type { RepoKind } from '../api/repo/fs-repo.ts'

export const FULLNODE_CONFIG_DEFAULTS = {
  API: {
    /** Where the JSON-RPC API listens (a multiaddr; port 0 picks a free port). */
    ListenAddress: '/ip4/127.0.0.1/tcp/1234/http',
    /** An address published for remote clients, if different. */
    RemoteListenAddress: '',
    /** Request timeout (Go duration). */
    Timeout: '30s',
  },
  Wallet: {
    RemoteBackend: '',
    EnableLedger: false,
    DisableLocal: false,
  },
}
export type FullNodeConfig = typeof FULLNODE_CONFIG_DEFAULTS

export const FULLNODE_REPO: RepoKind<FullNodeConfig> = {
  name: 'FullNode',
  pathEnv: 'LOTUS_PATH',
  defaultPath: '~/.lotus',
  apiInfoEnv: 'FULLNODE_API_INFO',
  configDefaults: FULLNODE_CONFIG_DEFAULTS,
}

/** The env var holding the keystore passphrase; when set, key files are encrypted at rest (beyond Lotus). */
export const KEYSTORE_PASSPHRASE_ENV = 'LOTUS_TS_KEYSTORE_PASSPHRASE'

/** Build version reported by `Version` and `lotus --version`. */
export const NODE_BUILD_VERSION = '0.1.0+lotus-ts'
export const AGENT = 'lotus-ts'
