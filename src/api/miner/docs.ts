/** The StorageMiner API reference (`docs/api/miner.md`, written by scripts/gen-api-docs.ts). */
import { renderApiDoc } from '../docs.ts'
import { STORAGE_MINER_GROUPS } from './groups.ts'

export function minerApiDoc(): string {
  return renderApiDoc(
    'StorageMiner API (lotus-miner)',
    'Served by `lotus-miner run` on the address in `<LOTUS_MINER_PATH>/api` (default `/ip4/127.0.0.1/tcp/2345/http`), ' +
      'together with `/remote` (sector files for workers: `GET /remote/<type>/s-t0<miner>-<num>`, a directory as a ' +
      'tar stream; `GET /remote/stat/<storage-id>`; `DELETE /remote/<type>/<sector>`; admin token required). ' +
      'Permissions follow the `//perm:` tags of lotus `api/api_storage.go` and `api/api_common.go`.',
    [...STORAGE_MINER_GROUPS],
  )
}
