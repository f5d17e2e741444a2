/**
 * The miner actor this repo serves, recorded by `lotus-miner init`. Lotus keeps it under the metadata
 * datastore key `/miner-address`; until the SQL metadata store exists it is the file
 * `<repo>/metadata/miner-address` holding the address string.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Address } from '../../core/address.ts'
import { DecodeError, NotFoundError } from '../../util/errors.ts'

export const ACTOR_FILE = join('metadata', 'miner-address')

export function readActor(repoPath: string): Address {
  const file = join(repoPath, ACTOR_FILE)
  if (!existsSync(file))
    throw new NotFoundError(`miner actor address not set: run lotus-miner init first (${file} does not exist)`)
  const text = readFileSync(file, 'utf8').trim()
  try {
    return Address.parse(text)
  } catch (err) {
    throw new DecodeError(`${file}: invalid address ${JSON.stringify(text)}: ${(err as Error).message}`)
  }
}

export function writeActor(repoPath: string, addr: Address): void {
  const file = join(repoPath, ACTOR_FILE)
  mkdirSync(join(repoPath, 'metadata'), { recursive: true, mode: 0o700 })
  writeFileSync(`${file}.tmp`, addr.toString())
  renameSync(`${file}.tmp`, file)
}
