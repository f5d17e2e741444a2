/**
 * `lotus-seed pre-seal` (lotus cmd/lotus-seed/seed/seed.go PreSeal): really seals sectors for a genesis
 * miner. Each sector is filled with random data (AddPiece from a random reader, as Lotus), sealed with PC1
 * and PC2 under the ticket blake2b-256(ticket preimage), its cache trimmed and the unsealed copy removed.
 * Writes Lotus's layout into the sector dir: `sealed/s-t0<id>-<n>`, `cache/s-t0<id>-<n>/`,
 * `sectorstore.json`, `pre-seal-<maddr>.json` (the genesis miner) and `pre-seal-<maddr>.key` (hex of the
 * worker key's KeyInfo JSON; a fresh BLS key unless one is given).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { blake2b } from '@noble/hashes/blake2.js'
import { type Address, Protocol } from '../../core/address.ts'
import { schemeForKeyType } from '../../crypto/sigs.ts'
import { type GenesisMiner, PRESEAL_DEAL_END_EPOCH, type PreSeal } from '../../chain/genesis/miner.ts'
import { preSealFileToJson } from '../../chain/genesis/miner.ts'
import { commP } from '../../proofs/commp.ts'
import { fr32Pad } from '../../proofs/fr32.ts'
import { clearCache } from '../../proofs/pc2/clear-cache.ts'
import { preCommit2Async } from '../../proofs/porep/index.ts'
import { commPToCid, commRToCid } from '../../proofs/piece-cid.ts'
import { proverId as makeProverId } from '../../proofs/sdr/replica-id.ts'
import { preCommit1Async } from '../../proofs/worker/run.ts'
import { keyInfoFromJson, keyInfoToJson, type KeyInfo } from '../../wallet/key-info.ts'
import { fromHex, toHex } from '../../util/bytes.ts'
import { InvalidError } from '../../util/errors.ts'
import { sealProofForSize } from '../lotus-bench/run-sealing.ts'

/** Lotus's default `--ticket-preimage`. */
export const DEFAULT_TICKET_PREIMAGE = 'lotus is fire'

export interface PreSealOptions {
  readonly minerAddr: Address
  readonly sectorSize: number
  readonly numSectors: number
  readonly sectorOffset: number
  readonly sectorDir: string
  readonly ticketPreimage: string
  /** The worker/owner key; a fresh BLS key when absent. */
  readonly key?: KeyInfo
  readonly signal?: AbortSignal
  readonly log?: (line: string) => void
}

/** Lotus's sector file name (storiface.SectorName): `s-t0<miner id>-<number>`. */
export const sectorName = (minerId: bigint, n: number) => `s-t0${minerId}-${n}`

/** Parses `--key`: hex of a KeyInfo's JSON, as `pre-seal-*.key` holds it. */
export function parseKeyHex(text: string): KeyInfo {
  let bytes: Uint8Array
  try {
    bytes = fromHex(text.trim())
  } catch {
    throw new InvalidError('--key: not hex')
  }
  const ki = keyInfoFromJson(new TextDecoder().decode(bytes), '--key')
  schemeForKeyType(ki.type)
  return ki
}

async function sealSector(
  opts: PreSealOptions,
  proof: number,
  n: number,
): Promise<{ commR: Uint8Array; commD: Uint8Array }> {
  const id = opts.minerAddr.id
  const name = sectorName(id, n)
  const cacheDir = join(opts.sectorDir, 'cache', name)
  const sealedPath = join(opts.sectorDir, 'sealed', name)
  const unsealedPath = join(opts.sectorDir, 'unsealed', name)
  mkdirSync(cacheDir, { recursive: true })
  const payload = randomBytes((opts.sectorSize / 128) * 127)
  const commD = commP(payload).commP
  writeFileSync(unsealedPath, fr32Pad(payload))
  const ticket = blake2b(new TextEncoder().encode(opts.ticketPreimage), { dkLen: 32 })
  const proverId = makeProverId(id)
  await preCommit1Async({ proof, proverId, sectorNumber: n, ticket, commD, cacheDir }, { signal: opts.signal })
  const pc2 = await preCommit2Async({ proof, cacheDir, unsealed: unsealedPath, sealedPath }, { signal: opts.signal })
  clearCache(cacheDir) // FinalizeSector
  rmSync(unsealedPath, { force: true }) // cleanupUnsealed
  opts.log?.(`sector-id: {${id} ${n}}, PreCommitOutput: ${commRToCid(pc2.commR)} ${commPToCid(commD)}`)
  return { commR: pc2.commR, commD }
}

/** Seals the sectors and writes every pre-seal file; returns the genesis miner and its key. */
export async function preSeal(opts: PreSealOptions): Promise<{ miner: GenesisMiner; key: KeyInfo }> {
  const maddr = opts.minerAddr
  if (maddr.protocol !== Protocol.ID) throw new InvalidError(`--miner-addr ${maddr} is not an ID address`)
  if (!Number.isSafeInteger(opts.numSectors) || opts.numSectors < 0)
    throw new InvalidError(`--num-sectors ${opts.numSectors} must not be negative`)
  if (!Number.isSafeInteger(opts.sectorOffset) || opts.sectorOffset < 0)
    throw new InvalidError(`--sector-offset ${opts.sectorOffset} must not be negative`)
  const proof = sealProofForSize(opts.sectorSize).id
  for (const sub of ['sealed', 'cache', 'unsealed']) mkdirSync(join(opts.sectorDir, sub), { recursive: true })
  const key = opts.key ?? { type: 'bls', privateKey: schemeForKeyType('bls').generatePrivateKey() }
  const scheme = schemeForKeyType(key.type)
  const keyAddr = scheme.address(scheme.publicKey(key.privateKey))
  const keyJson = JSON.parse(keyInfoToJson(key)) as { Type: string; PrivateKey: string }
  const sectors: PreSeal[] = []
  for (let i = 0; i < opts.numSectors; i++) {
    const n = opts.sectorOffset + i
    const { commR, commD } = await sealSector(opts, proof, n)
    const commDCid = commPToCid(commD)
    sectors.push({
      commR: commRToCid(commR),
      commD: commDCid,
      sectorId: n,
      deal: {
        pieceCid: commDCid,
        pieceSize: opts.sectorSize,
        verifiedDeal: false,
        client: keyAddr,
        provider: maddr,
        label: '',
        startEpoch: 0,
        endEpoch: PRESEAL_DEAL_END_EPOCH,
        storagePricePerEpoch: 0n,
        providerCollateral: 0n,
        clientCollateral: 0n,
      },
      dealClientKey: keyJson,
      proofType: proof,
    })
  }
  const miner: GenesisMiner = {
    id: maddr,
    owner: keyAddr,
    worker: keyAddr,
    peerId: '',
    marketBalance: 0n,
    powerBalance: 0n,
    sectorSize: opts.sectorSize,
    sectors,
  }
  const meta = {
    ID: randomUUID(),
    Weight: 0,
    CanSeal: false,
    CanStore: false,
    MaxStorage: 0,
    Groups: null,
    AllowTo: null,
    AllowTypes: null,
    DenyTypes: null,
    AllowMiners: null,
    DenyMiners: null,
  }
  writeFileSync(join(opts.sectorDir, 'sectorstore.json'), JSON.stringify(meta, null, 2))
  writeFileSync(join(opts.sectorDir, `pre-seal-${maddr}.json`), preSealFileToJson(miner))
  writeFileSync(join(opts.sectorDir, `pre-seal-${maddr}.key`), toHex(new TextEncoder().encode(keyInfoToJson(key))))
  return { miner, key }
}
