/** The backup method of the StorageMiner API (Lotus api_storage.go), spread into StorageMinerMethods. */
import { Str } from '../../core/codec.ts'
import { Void } from '../codecs.ts'
import { method, param } from '../method.ts'

export const BackupMethods = {
  CreateBackup: method({
    perm: 'admin',
    params: [param('fpath', Str)],
    result: Void,
    doc:
      'Writes a backup of the miner metadata (SQL store, keystore, actor, config.toml, storage.json) to `fpath`, ' +
      "which must lie inside the miner's `LOTUS_BACKUP_BASE_PATH`; an existing file is never overwritten.",
  }),
} as const
