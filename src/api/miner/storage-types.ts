/**
 * The storage types of the StorageMiner API with their Lotus-JSON codecs (storiface.StorageInfo,
 * SectorStorageInfo, Decl, HealthReport; fsutil.FsStat; abi.SectorID). Storage IDs are UUID strings;
 * sector file types are the storiface bit masks (unsealed 1, sealed 2, cache 4, update 8, update-cache 16,
 * piece 32).
 */
import { Bool, type Codec, Str, Uint } from '../../core/codec.ts'
import { Int, StrList, struct } from './struct.ts'

/** abi.SectorID: the miner's actor ID and the sector number. */
export interface SectorId {
  readonly Miner: number
  readonly Number: number
}
export const SectorIdCodec: Codec<SectorId> = struct<SectorId>('SectorID', { Miner: Uint, Number: Uint })

/** storiface.StorageInfo: a storage path as the index knows it. */
export interface StorageInfo {
  ID: string
  URLs: string[]
  Weight: number
  MaxStorage: number
  CanSeal: boolean
  CanStore: boolean
  Groups: string[]
  AllowTo: string[]
  AllowTypes: string[]
  DenyTypes: string[]
  AllowMiners: string[]
  DenyMiners: string[]
}
export const StorageInfoCodec: Codec<StorageInfo> = struct<StorageInfo>('StorageInfo', {
  ID: Str,
  URLs: StrList,
  Weight: Uint,
  MaxStorage: Uint,
  CanSeal: Bool,
  CanStore: Bool,
  Groups: StrList,
  AllowTo: StrList,
  AllowTypes: StrList,
  DenyTypes: StrList,
  AllowMiners: StrList,
  DenyMiners: StrList,
})

/** fsutil.FsStat: a path's capacity and use in bytes; Max and Used are non-zero when MaxStorage is set. */
export interface FsStat {
  Capacity: number
  /** Available for sector storage (the lower of the filesystem's free space and what MaxStorage leaves). */
  Available: number
  /** Available in the filesystem. */
  FSAvailable: number
  /** Space reserved for sectors being written. */
  Reserved: number
  Max: number
  Used: number
}
export const FsStatCodec: Codec<FsStat> = struct<FsStat>('FsStat', {
  Capacity: Int,
  Available: Int,
  FSAvailable: Int,
  Reserved: Int,
  Max: Int,
  Used: Int,
})

/** storiface.HealthReport: a path's stat, or the error its heartbeat met. */
export interface HealthReport {
  Stat: FsStat
  Err: string
}
export const HealthReportCodec: Codec<HealthReport> = struct<HealthReport>('HealthReport', {
  Stat: FsStatCodec,
  Err: Str,
})

/** storiface.Decl: one sector's file types held in a path (Go embeds SectorID, so its fields are flat). */
export interface Decl {
  Miner: number
  Number: number
  SectorFileType: number
}
export const DeclCodec: Codec<Decl> = struct<Decl>('Decl', { Miner: Uint, Number: Uint, SectorFileType: Uint })

/** storiface.SectorStorageInfo: a path holding (or able to hold) a sector's files. */
export interface SectorStorageInfo {
  ID: string
  URLs: string[]
  BaseURLs: string[]
  Weight: number
  CanSeal: boolean
  CanStore: boolean
  Primary: boolean
  AllowTypes: string[]
  DenyTypes: string[]
  AllowMiners: string[]
  DenyMiners: string[]
}
export const SectorStorageInfoCodec: Codec<SectorStorageInfo> = struct<SectorStorageInfo>('SectorStorageInfo', {
  ID: Str,
  URLs: StrList,
  BaseURLs: StrList,
  Weight: Uint,
  CanSeal: Bool,
  CanStore: Bool,
  Primary: Bool,
  AllowTypes: StrList,
  DenyTypes: StrList,
  AllowMiners: StrList,
  DenyMiners: StrList,
})
