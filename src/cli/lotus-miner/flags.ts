/** The `lotus-miner` program's global flags. */
import type { Flag } from '../framework/command.ts'

/**
 * `--repo` names the miner repo (Lotus spells it `--miner-repo`, kept as an alias; the API lookup reads
 * the flag named `repo`).
 */
export const MINER_GLOBAL_FLAGS: readonly Flag[] = [
  {
    name: 'repo',
    aliases: ['miner-repo', 'storagerepo'],
    kind: 'string',
    usage: 'the miner repo directory',
    env: ['LOTUS_MINER_PATH', 'LOTUS_STORAGE_PATH'],
    default: '~/.lotusminer',
  },
  {
    name: 'api-url',
    kind: 'string',
    usage: 'the miner API endpoint (multiaddr or URL); overrides MINER_API_INFO and the repo',
  },
  { name: 'token', kind: 'string', usage: 'the API token to use with --api-url' },
]
