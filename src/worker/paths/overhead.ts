/**
 * Space a sector's files need, in tenths of the sector size (storiface FSOverheadSeal and
 * FsOverheadFinalized): while sealing, the cache holds 14.1× the sector size (11 layers, tree D, C, R');
 * once finalized it keeps only a tenth.
 */
import { FILE_TYPES, type FileType, FT, type PathType } from './filetypes.ts'

export const FS_OVERHEAD_DEN = 10

const SEAL: Readonly<Record<FileType, number>> = {
  unsealed: 10,
  sealed: 10,
  cache: 141,
  update: 10,
  'update-cache': 21,
  piece: 10,
}
const FINALIZED: Readonly<Record<FileType, number>> = {
  unsealed: 10,
  sealed: 10,
  cache: 1,
  update: 10,
  'update-cache': 1,
  piece: 10,
}
const BY_PATH: Readonly<Record<PathType, Readonly<Record<FileType, number>>>> = { sealing: SEAL, storage: FINALIZED }

/** Bytes needed to hold the file types in `mask` of a sector of `ssize` bytes in a path of `pathType`. */
export function spaceUse(mask: number, ssize: number, pathType: PathType): number {
  let tenths = 0
  for (const t of FILE_TYPES) if (mask & FT[t]) tenths += BY_PATH[pathType][t]
  return Math.ceil((tenths * ssize) / FS_OVERHEAD_DEN)
}
