/**
 * The tar stream Lotus uses to ship a sector's cache directory (lib/tarutil): a flat directory of regular
 * files, each as a ustar entry (512-byte header, data padded to 512), ended by two zero blocks. Reading
 * refuses nested paths, `..`, links and truncated streams with a DecodeError.
 */
import { closeSync, createReadStream, openSync, readdirSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { DecodeError } from '../../util/errors.ts'

const BLOCK = 512

function octal(n: number, len: number): string {
  return `${n.toString(8).padStart(len - 1, '0')}\0`
}

/** A ustar header for a regular file. */
export function tarHeader(name: string, size: number, mode: number, mtime: number): Uint8Array {
  const nameBytes = Buffer.from(name, 'utf8')
  if (nameBytes.length > 100) throw new DecodeError(`tar: file name too long: ${name}`)
  const h = Buffer.alloc(BLOCK)
  nameBytes.copy(h, 0)
  h.write(octal(mode & 0o7777, 8), 100, 'ascii')
  h.write(octal(0, 8), 108, 'ascii')
  h.write(octal(0, 8), 116, 'ascii')
  h.write(octal(size, 12), 124, 'ascii')
  h.write(octal(Math.floor(mtime), 12), 136, 'ascii')
  h.write('        ', 148, 'ascii')
  h.write('0', 156, 'ascii')
  h.write('ustar\u000000', 257, 'ascii')
  let sum = 0
  for (const b of h) sum += b
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii')
  return h
}

/** Writes the regular files of `dir` to `out` as a tar stream. */
export async function tarDirectory(dir: string, out: Writable): Promise<void> {
  const write = (b: Uint8Array) =>
    new Promise<void>((res, rej) => {
      out.write(b, (e) => (e ? rej(e) : res()))
    })
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    const st = statSync(p)
    if (!st.isFile()) throw new DecodeError(`tar: ${p} is not a regular file (cache directories are flat)`)
    await write(tarHeader(name, st.size, st.mode, st.mtimeMs / 1000))
    for await (const chunk of createReadStream(p)) await write(chunk as Buffer)
    const pad = (BLOCK - (st.size % BLOCK)) % BLOCK
    if (pad) await write(Buffer.alloc(pad))
  }
  await write(Buffer.alloc(BLOCK * 2))
}

function parseOctal(b: Buffer, field: string): number {
  const s = b.toString('ascii').replace(/\0.*$/s, '').trim()
  if (!/^[0-7]*$/.test(s)) throw new DecodeError(`tar: bad ${field} field ${JSON.stringify(s)}`)
  return s === '' ? 0 : Number.parseInt(s, 8)
}

/** Reads a tar stream into `dir` (which must exist), one file per entry. */
export async function untarDirectory(input: Readable, dir: string): Promise<void> {
  let buf: Buffer = Buffer.alloc(0)
  let fd: number | undefined
  let left = 0
  let pad = 0
  let ended = false
  for await (const chunk of input) {
    buf = buf.length ? Buffer.concat([buf, chunk as Buffer]) : (chunk as Buffer)
    while (!ended) {
      if (fd !== undefined || left > 0) {
        const n = Math.min(left, buf.length)
        if (n === 0 && left > 0) break
        if (fd !== undefined) writeSync(fd, buf, 0, n)
        buf = buf.subarray(n)
        left -= n
        if (left > 0) break
        if (fd !== undefined) closeSync(fd)
        fd = undefined
      }
      if (pad > 0) {
        const n = Math.min(pad, buf.length)
        buf = buf.subarray(n)
        pad -= n
        if (pad > 0) break
      }
      if (buf.length < BLOCK) break
      const h = buf.subarray(0, BLOCK)
      buf = buf.subarray(BLOCK)
      if (h.every((b) => b === 0)) {
        ended = true
        break
      }
      const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '')
      const type = String.fromCharCode(h[156]!)
      const size = parseOctal(h.subarray(124, 136), 'size')
      const mode = parseOctal(h.subarray(100, 108), 'mode')
      if (type !== '0' && type !== '\0') throw new DecodeError(`tar: entry ${name} is not a regular file`)
      if (name === '' || name.includes('/') || name === '.' || name === '..')
        throw new DecodeError(`tar: invalid entry name ${JSON.stringify(name)}`)
      fd = openSync(join(dir, name), 'wx', mode & 0o777 || 0o644)
      left = size
      pad = (BLOCK - (size % BLOCK)) % BLOCK
      if (left === 0) {
        closeSync(fd)
        fd = undefined
      }
    }
  }
  if (fd !== undefined) closeSync(fd)
  if (!ended) throw new DecodeError('tar: stream ended early (truncated transfer)')
}
