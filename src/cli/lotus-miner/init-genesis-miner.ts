/**
 * `lotus-miner init --genesis-miner --actor=t01000 --pre-sealed-sectors=<dir> --pre-sealed-metadata=<dir>/
 * pre-seal-t01000.json` (Lotus cmd/lotus-miner/init.go, devnet docs): a miner that is already in the genesis
 * with sectors `lotus-seed pre-seal` sealed. The pre-seal dirs become storage paths of the repo (their
 * sectorstore.json as lotus-seed wrote it; one is made, store-only, where missing), so the sector index
 * finds the pre-sealed sectors at `lotus-miner run`, and the sectors are recorded as Proving in the metadata
 * (`sectors list` shows them; new sectors are numbered after them). For convenience the worker key beside the metadata
 * (pre-seal-<actor>.key) is imported into the daemon's wallet when it is not there (the devnet docs do it
 * with `lotus wallet import`): block production signs with it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createClient } from '../../api/client/client.ts'
import { parseApiInfo, rpcUrl } from '../../api/client/endpoint.ts'
import { httpTransport } from '../../api/client/http-transport.ts'
import { FullNodeMethods } from '../../api/full/index.ts'
import { readApiFiles, repoPath } from '../../api/repo/fs-repo.ts'
import { type GenesisMiner, preSealFileFromJson } from '../../chain/genesis/miner.ts'
import { Address } from '../../core/address.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { keyAddress } from '../../crypto/sigs.ts'
import { FULLNODE_REPO } from '../../daemon/config.ts'
import { openSqlite } from '../../db/sql-store.ts'
import { METADATA_DB_FILE } from '../../miner/repo/config.ts'
import { SectorStore } from '../../miner/pipeline/sector-store.ts'
import { cidToCommitment, FIL_COMMITMENT_SEALED, FIL_COMMITMENT_UNSEALED } from '../../proofs/piece-cid.ts'
import { toHex } from '../../util/bytes.ts'
import { errorMessage } from '../../util/errors.ts'
import { META_FILE, newMeta, writeMeta } from '../../worker/paths/meta.ts'
import { StorageConfigFile } from '../../worker/paths/storage-config.ts'
import { bool, type CommandContext, type Flag, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { readKey } from '../lotus/wallet-keys.ts'
import { ramInBytes } from './size.ts'
import { expand } from './storage.ts'

export const GENESIS_MINER_FLAGS: readonly Flag[] = [
  {
    name: 'genesis-miner',
    kind: 'bool',
    usage:
      "enable genesis mining (DON'T USE ON BOOTSTRAPPED NETWORK); also imports pre-seal-<actor>.key into the daemon wallet",
  },
  {
    name: 'pre-sealed-sectors',
    kind: 'string',
    usage: 'specify set of presealed sectors for starting as a genesis miner (comma-separated dirs)',
  },
  { name: 'pre-sealed-metadata', kind: 'string', usage: 'specify the metadata file for the presealed sectors' },
]

const KEY_TYPES: Record<string, 1 | 2> = { secp256k1: 1, bls: 2 }

export interface PreSealSetup {
  readonly miner: GenesisMiner
  readonly dirs: readonly string[]
  /** Adds the pre-seal dirs to the repo's storage paths. */
  attach(repoDir: string): void
  /** Records the pre-sealed sectors as Proving in the repo's metadata (Lotus `migratePreSealMeta`). */
  adopt(repoDir: string): void
}

/** Reads and checks the pre-seal flags; undefined when none is given. */
export function preSealSetup(ctx: CommandContext, actor: Address | undefined): PreSealSetup | undefined {
  const genesis = bool(ctx, 'genesis-miner')
  const dirs = str(ctx, 'pre-sealed-sectors')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(expand)
  const metaFile = str(ctx, 'pre-sealed-metadata')
  if (!genesis && dirs.length === 0 && !metaFile) return undefined
  if (!actor) throw new CliError('--genesis-miner and --pre-sealed-*: pass --actor <the genesis miner, e.g. t01000>')
  if (!metaFile) throw new CliError('--pre-sealed-metadata is required with pre-sealed sectors')
  if (dirs.length === 0) throw new CliError('--pre-sealed-sectors is required with --pre-sealed-metadata')
  let miners: GenesisMiner[]
  try {
    miners = preSealFileFromJson(readFileSync(expand(metaFile), 'utf8'))
  } catch (err) {
    throw new CliError(`--pre-sealed-metadata ${metaFile}: ${errorMessage(err)}`)
  }
  const miner = miners.find((m) => m.id.toString() === actor.toString())
  if (!miner) throw new CliError(`miner ${actor} not found in the pre-seal metadata ${metaFile}`)
  const size = ramInBytes(str(ctx, 'sector-size') || '2KiB', 'sector-size')
  if (size !== miner.sectorSize)
    throw new CliError(`--sector-size ${size} differs from the pre-sealed sectors' size ${miner.sectorSize}`)
  for (const s of miner.sectors) {
    const name = `s-${actor}-${s.sectorId}`
    const held = dirs.some((d) => existsSync(join(d, 'sealed', name)) && existsSync(join(d, 'cache', name)))
    if (!held) throw new CliError(`pre-sealed sector ${s.sectorId}: no sealed/${name} and cache/${name} in ${dirs}`)
  }
  return {
    miner,
    dirs,
    attach(repoDir) {
      for (const d of dirs)
        if (!existsSync(join(d, META_FILE))) writeMeta(d, newMeta({ Weight: 10, CanSeal: false, CanStore: true }))
      new StorageConfigFile(repoDir).update((ps) => [...ps.filter((p) => !dirs.includes(p)), ...dirs])
    },
    adopt(repoDir) {
      const db = openSqlite(join(repoDir, METADATA_DB_FILE))
      try {
        const store = new SectorStore(db)
        for (const s of miner.sectors)
          store.adopt(
            s.sectorId,
            s.proofType,
            'Proving',
            {
              commR: toHex(cidToCommitment(s.commR, FIL_COMMITMENT_SEALED)),
              commD: toHex(cidToCommitment(s.commD, FIL_COMMITMENT_UNSEALED)),
              sealedCid: s.commR.toString(),
              unsealedCid: s.commD.toString(),
            },
            { kind: 'genesis', message: `pre-sealed by lotus-seed, imported by lotus-miner init --genesis-miner` },
          )
      } finally {
        db.close()
      }
    },
  }
}

/**
 * Imports the worker key beside the metadata into the daemon's wallet unless it holds it, after checking it
 * is the miner's worker on chain. Returns what was done, for the command's output.
 */
export async function importWorkerKey(ctx: CommandContext, setup: PreSealSetup): Promise<string> {
  const keyFile = join(dirname(expand(str(ctx, 'pre-sealed-metadata'))), `pre-seal-${setup.miner.id}.key`)
  if (!existsSync(keyFile)) return `no ${keyFile}: import the worker key with 'lotus wallet import' yourself\n`
  const ki = readKey(readFileSync(keyFile, 'utf8'), 'hex-lotus')
  const type = KEY_TYPES[ki.type]
  if (type === undefined) throw new CliError(`${keyFile}: unsupported key type ${ki.type}`)
  const addr = keyAddress(type, ki.privateKey)
  let info: { addr: string; token: string }
  try {
    const env = ctx.env.FULLNODE_API_INFO
    info = env ? parseApiInfo(env) : readApiFiles(repoPath(FULLNODE_REPO, undefined, ctx.env))
  } catch (err) {
    throw new CliError(
      `--genesis-miner needs the daemon to import the worker key: set FULLNODE_API_INFO (${errorMessage(err)})`,
    )
  }
  const transport = httpTransport({ url: rpcUrl(info.addr, 'http'), token: info.token || undefined })
  try {
    const api = createClient(FullNodeMethods, transport)
    const mi = (await api.StateMinerInfo(setup.miner.id, TipSetKey.EMPTY)) as { Worker?: string }
    const worker = await api.StateAccountKey(Address.parse(String(mi.Worker)), TipSetKey.EMPTY)
    if (!worker.equals(addr))
      throw new CliError(`${keyFile} holds ${addr}, but miner ${setup.miner.id}'s worker on chain is ${worker}`)
    if (await api.WalletHas(addr)) return `worker key ${addr} is already in the daemon wallet\n`
    await api.WalletImport(ki)
    return `imported worker key ${addr} into the daemon wallet\n`
  } catch (err) {
    if (err instanceof CliError) throw err
    throw new CliError(`importing the worker key of ${setup.miner.id}: ${errorMessage(err)}`)
  } finally {
    await transport.close()
  }
}
