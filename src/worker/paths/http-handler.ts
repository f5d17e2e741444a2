/**
 * Serving sector files to workers and other processes (Lotus paths.FetchHandler), mounted at `/remote`:
 * `GET /remote/stat/<storage-id>` (the path's FsStat JSON), `GET /remote/<type>/<s-t0M-N>` (a file as
 * octet-stream, a directory as a tar stream), `DELETE /remote/<type>/<s-t0M-N>`. Every request needs a
 * token with `admin` (401 otherwise), as Lotus's handler checks.
 */
import { createReadStream, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TokenVerifier } from '../../api/server/auth-check.ts'
import { authenticate } from '../../api/server/auth-check.ts'
import { errorMessage, LotusError, NotFoundError } from '../../util/errors.ts'
import { logger } from '../../util/log.ts'
import { FT, fileTypeFromString, parseSectorName } from './filetypes.ts'
import type { LocalStore } from './local.ts'
import type { SectorIndex } from './sector-index.ts'
import { tarDirectory } from './tar.ts'

const log = logger('stores')

export const REMOTE_PREFIX = '/remote'

function fail(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  res.writeHead(status, { 'Content-Type': 'text/plain' }).end(`${message}\n`)
}

const statusOf = (err: unknown) => (err instanceof NotFoundError ? 404 : err instanceof LotusError ? 400 : 500)

/**
 * A single `Range: bytes=a-b` (or `a-`, or `-n` for the last n bytes) as http.ServeFile takes it; undefined
 * without a header, 'invalid' when unsatisfiable or malformed. Multiple ranges are not served.
 */
export function parseRange(header: string | undefined, size: number): [number, number] | undefined | 'invalid' {
  if (header === undefined) return undefined
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid'
  let start: number
  let end: number
  if (m[1] === '') {
    const n = Number(m[2])
    if (n === 0) return 'invalid'
    start = Math.max(size - n, 0)
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  if (start >= size || start > end) return 'invalid'
  return [start, end]
}

export function remoteHandler(deps: { local: LocalStore; index: SectorIndex; verify: TokenVerifier }) {
  return (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    void (async () => {
      const auth = await authenticate(req, url, deps.verify)
      if (!auth.ok) return fail(res, 401, `401 Unauthorized: ${auth.reason}`)
      if (!auth.perms.includes('admin')) return fail(res, 401, 'unauthorized: missing admin permission')
      try {
        let parts: string[]
        try {
          parts = url.pathname.slice(REMOTE_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent)
        } catch {
          return fail(res, 400, `invalid URL path: ${url.pathname}`)
        }
        if (parts.length !== 2) return fail(res, 404, `404 page not found: ${url.pathname}`)
        const [kind, id] = parts as [string, string]
        if (kind === 'stat') {
          if (req.method !== 'GET') return fail(res, 405, 'method not allowed')
          deps.local.heartbeat()
          if (deps.local.root(id) === undefined) throw new NotFoundError(`storage path ${id} is not local`)
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(deps.index.stat(id)))
          return
        }
        const type = fileTypeFromString(kind)
        const sector = parseSectorName(id)
        if (req.method === 'DELETE') {
          deps.local.remove(sector, FT[type])
          res.writeHead(200).end()
          return
        }
        if (req.method !== 'GET') return fail(res, 405, 'method not allowed')
        const file = deps.local.pathOf(sector, type)
        if (!file) throw new NotFoundError(`sector ${id}: no local ${type} file`)
        const st = statSync(file)
        if (st.isDirectory()) {
          if (req.headers.range) return fail(res, 400, 'Range not supported on directories')
          res.writeHead(200, { 'Content-Type': 'application/x-tar' })
          await tarDirectory(file, res)
          res.end()
        } else {
          const range = parseRange(req.headers.range, st.size)
          if (range === 'invalid') {
            res.writeHead(416, { 'Content-Range': `bytes */${st.size}` }).end('invalid range\n')
            return
          }
          const headers: Record<string, string> = {
            'Content-Type': 'application/octet-stream',
            'Accept-Ranges': 'bytes',
          }
          const [start, end] = range ?? [0, st.size - 1]
          headers['Content-Length'] = String(Math.max(end - start + 1, 0))
          if (range) headers['Content-Range'] = `bytes ${start}-${end}/${st.size}`
          res.writeHead(range ? 206 : 200, headers)
          if (st.size === 0) return void res.end()
          createReadStream(file, { start, end })
            .on('error', () => res.destroy())
            .pipe(res)
        }
        log.debug('served sector file', { type, sector: id })
      } catch (err) {
        fail(res, statusOf(err), errorMessage(err))
      }
    })()
  }
}
