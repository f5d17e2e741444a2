/**
 * A storage path's FsStat: capacity and free space from statfs, and — when MaxStorage is set — the bytes
 * its sector files use (the limit applies to those, not to the whole filesystem).
 */
import { lstatSync, readdirSync, statfsSync } from 'node:fs'
import { join } from 'node:path'
import type { FsStat } from '../../api/miner/storage-types.ts'
import { FILE_TYPES } from './filetypes.ts'

/** Bytes used by everything under `p` (files counted by their allocated blocks, as `du`). */
export function diskUsage(p: string): number {
  let st: ReturnType<typeof lstatSync>
  try {
    st = lstatSync(p)
  } catch {
    return 0
  }
  if (!st.isDirectory()) return Math.max(Number(st.blocks) * 512, 0) || Number(st.size)
  let total = 0
  for (const name of readdirSync(p)) total += diskUsage(join(p, name))
  return total
}

/** The bytes used by sector files under a storage path. */
export function sectorFilesUsage(root: string): number {
  return FILE_TYPES.reduce((n, t) => n + diskUsage(join(root, t)), 0)
}

/** The FsStat of a path with `maxStorage` (0: no limit) and `reserved` bytes promised to new sectors. */
export function fsStat(root: string, maxStorage: number, reserved: number): FsStat {
  const s = statfsSync(root)
  const capacity = Number(s.blocks) * Number(s.bsize)
  const fsAvailable = Number(s.bavail) * Number(s.bsize)
  let available = Math.max(fsAvailable - reserved, 0)
  let used = 0
  if (maxStorage > 0) {
    used = sectorFilesUsage(root)
    available = Math.max(Math.min(available, maxStorage - used - reserved), 0)
  }
  return {
    Capacity: capacity,
    Available: available,
    FSAvailable: fsAvailable,
    Reserved: reserved,
    Max: maxStorage,
    Used: used,
  }
}
