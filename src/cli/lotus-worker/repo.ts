/** The worker's repo (`LOTUS_WORKER_PATH`, default `~/.lotusworker`): its seal path and its `api`/`token` files. */
import type { RepoKind } from '../../api/repo/fs-repo.ts'

export const WORKER_REPO: RepoKind = {
  name: 'Worker',
  pathEnv: 'LOTUS_WORKER_PATH',
  defaultPath: '~/.lotusworker',
  apiInfoEnv: 'WORKER_API_INFO',
  configDefaults: {},
}
