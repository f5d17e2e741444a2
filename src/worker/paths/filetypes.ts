/**
 * Sector file types and Lotus's on-disk layout (storiface/filetype.go): each type is a bit and a directory
 * under a storage path, and a sector's file or directory there is named `s-t0<miner>-<number>`.
 */
import { join } from 'node:path'
import { InvalidError } from '../../util/errors.ts'

/** The file types in bit order: unsealed 1, sealed 2, cache 4, update 8, update-cache 16, piece 32. */
export const FILE_TYPES = ['unsealed', 'sealed', 'cache', 'update', 'update-cache', 'piece'] as const
export type FileType = (typeof FILE_TYPES)[number]

export const FT: Readonly<Record<FileType, number>> = Object.fromEntries(
  FILE_TYPES.map((t, i) => [t, 1 << i]),
) as Record<FileType, number>
export const FT_ALL = (1 << FILE_TYPES.length) - 1

/** Which types are directories (served as tar streams) rather than single files. */
export const IS_DIR: Readonly<Record<FileType, boolean>> = {
  unsealed: false,
  sealed: false,
  cache: true,
  update: false,
  'update-cache': true,
  piece: false,
}

/** The single types in a mask, in bit order. */
export function typesOf(mask: number): FileType[] {
  return FILE_TYPES.filter((t) => (mask & FT[t]) !== 0)
}

/** Parses a type name as in `/remote/<type>/…` (Lotus FileTypeFromString). */
export function fileTypeFromString(s: string): FileType {
  if ((FILE_TYPES as readonly string[]).includes(s)) return s as FileType
  throw new InvalidError(`unknown sector file type ${JSON.stringify(s)} (expected one of ${FILE_TYPES.join(', ')})`)
}

/** Checks a mask names only known types. */
export function checkMask(mask: number, what = 'sector file type'): number {
  if (!Number.isInteger(mask) || mask < 0 || (mask & ~FT_ALL) !== 0)
    throw new InvalidError(`${what} ${mask}: unknown bits (known: 1..${FT_ALL})`)
  return mask
}

/** `s-t0<miner>-<number>` (storiface.SectorName). */
export function sectorName(miner: number, num: number): string {
  return `s-t0${miner}-${num}`
}

/** Parses `s-t0<miner>-<number>` (storiface.ParseSectorID). */
export function parseSectorName(name: string): { Miner: number; Number: number } {
  const m = /^s-t0(\d+)-(\d+)$/.exec(name)
  const miner = m ? Number(m[1]) : Number.NaN
  const num = m ? Number(m[2]) : Number.NaN
  if (!m || !Number.isSafeInteger(miner) || !Number.isSafeInteger(num))
    throw new InvalidError(`invalid sector name ${JSON.stringify(name)}: expected s-t0<miner>-<number>`)
  return { Miner: miner, Number: num }
}

/** Where a sector's file of `type` lives under a storage path. */
export function sectorPath(pathRoot: string, type: FileType, miner: number, num: number): string {
  return join(pathRoot, type, sectorName(miner, num))
}

/** Whether a path is for sealing scratch data or long-term storage (storiface.PathType). */
export type PathType = 'sealing' | 'storage'
export function parsePathType(s: string): PathType {
  if (s === 'sealing' || s === 'storage') return s
  throw new InvalidError(`invalid path type ${JSON.stringify(s)} (expected sealing or storage)`)
}
