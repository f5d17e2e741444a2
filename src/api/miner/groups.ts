/** The StorageMiner API's method groups, in the order the reference documents them; the table is their union. */
import { CommonMethods } from '../common.ts'
import { BackupMethods } from './backup.ts'
import { ProvingMethods } from './proving.ts'
import { SchedMethods } from './sched.ts'
import { SectorsMethods } from './sectors.ts'
import { StorageMethods } from './storage.ts'

export const STORAGE_MINER_GROUPS = [
  { name: 'Common', methods: CommonMethods },
  { name: 'Storage', methods: StorageMethods },
  { name: 'Sealing scheduler', methods: SchedMethods },
  { name: 'Sectors', methods: SectorsMethods },
  { name: 'Proving', methods: ProvingMethods },
  { name: 'Backup', methods: BackupMethods },
] as const
