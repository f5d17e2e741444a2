/** The `lotus` program's global flags. */
import type { Flag } from '../framework/command.ts'

export const LOTUS_GLOBAL_FLAGS: readonly Flag[] = [
  { name: 'repo', kind: 'string', usage: 'the repo directory', env: ['LOTUS_PATH'], default: '~/.lotus' },
  {
    name: 'api-url',
    kind: 'string',
    usage: 'the API endpoint (multiaddr or URL); overrides FULLNODE_API_INFO and the repo',
  },
  { name: 'token', kind: 'string', usage: 'the API token to use with --api-url' },
]
