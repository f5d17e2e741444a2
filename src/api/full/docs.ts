/** The FullNode API reference as `docs/api/full.md` renders it. */
import { renderApiDoc } from '../docs.ts'
import { FULL_NODE_GROUPS } from './groups.ts'

export function fullNodeApiDoc(): string {
  return renderApiDoc(
    'FullNode API (lotus daemon)',
    'Served by `lotus daemon` on the address in `<LOTUS_PATH>/api` (default `/ip4/127.0.0.1/tcp/1234/http`). ' +
      'Permissions follow the `//perm:` tags of lotus `api/api_full.go` and `api/api_common.go`.',
    [...FULL_NODE_GROUPS],
  )
}
