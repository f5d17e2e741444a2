/**
 * A genesis miner (`lotus:genesis/types.go` Miner and PreSeal) as `lotus-seed pre-seal` writes it into
 * `pre-seal-<maddr>.json` and `genesis add-miner` copies it into a template's Miners. JSON with Go field
 * names: addresses as strings, CIDs as `{"/": …}`, token amounts as decimal strings. Each pre-sealed
 * sector carries the market deal Lotus makes for it (the miner's key as client, the sector's CommD as piece).
 */
import { Address, Protocol } from '../../core/address.ts'
import { parseBigint } from '../../core/bigint.ts'
import { CID } from '../../core/cid.ts'
import { InvalidError } from '../../util/errors.ts'

/** Lotus `createDeals`: every pre-seal deal ends at this epoch. */
export const PRESEAL_DEAL_END_EPOCH = 9001

/** The market deal Lotus attaches to a pre-sealed sector (markettypes.DealProposal, JSON form kept). */
export interface PreSealDeal {
  pieceCid: CID
  pieceSize: number
  verifiedDeal: boolean
  client: Address
  provider: Address
  label: string
  startEpoch: number
  endEpoch: number
  storagePricePerEpoch: bigint
  providerCollateral: bigint
  clientCollateral: bigint
}

export interface PreSeal {
  commR: CID
  commD: CID
  sectorId: number
  deal: PreSealDeal
  /** The deal client's KeyInfo JSON object ({Type, PrivateKey}) as Lotus writes it, or null. */
  dealClientKey: { Type: string; PrivateKey: string } | null
  proofType: number
}

export interface GenesisMiner {
  id: Address
  owner: Address
  worker: Address
  peerId: string
  marketBalance: bigint
  powerBalance: bigint
  sectorSize: number
  sectors: PreSeal[]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function field(o: Record<string, unknown>, name: string, where: string): unknown {
  if (!(name in o)) throw new InvalidError(`${where}: ${name} is missing`)
  return o[name]
}

function addr(v: unknown, where: string): Address {
  if (typeof v !== 'string') throw new InvalidError(`${where}: expected an address string`)
  try {
    return Address.parse(v)
  } catch (err) {
    throw new InvalidError(`${where}: ${(err as Error).message}`)
  }
}

function cid(v: unknown, where: string): CID {
  if (!isObject(v) || typeof v['/'] !== 'string') throw new InvalidError(`${where}: expected {"/": cid}`)
  try {
    return CID.parse(v['/'])
  } catch {
    throw new InvalidError(`${where}: ${JSON.stringify(v['/'])} is not a CID`)
  }
}

function uint(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new InvalidError(`${where}: ${JSON.stringify(v)} is not a non-negative integer`)
  return v
}

function int(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new InvalidError(`${where}: not an integer`)
  return v
}

function amount(v: unknown, where: string): bigint {
  if (typeof v !== 'string' && typeof v !== 'number') throw new InvalidError(`${where}: not a token amount`)
  const n = parseBigint(String(v), where)
  if (n < 0n) throw new InvalidError(`${where}: ${n} is negative`)
  return n
}

function dealFromJson(v: unknown, where: string): PreSealDeal {
  if (!isObject(v)) throw new InvalidError(`${where}: expected an object`)
  const f = (name: string) => field(v, name, where)
  const verified = f('VerifiedDeal')
  if (typeof verified !== 'boolean') throw new InvalidError(`${where}.VerifiedDeal: not a boolean`)
  const label = v.Label ?? ''
  if (typeof label !== 'string') throw new InvalidError(`${where}.Label: not a string`)
  return {
    pieceCid: cid(f('PieceCID'), `${where}.PieceCID`),
    pieceSize: uint(f('PieceSize'), `${where}.PieceSize`),
    verifiedDeal: verified,
    client: addr(f('Client'), `${where}.Client`),
    provider: addr(f('Provider'), `${where}.Provider`),
    label,
    startEpoch: int(f('StartEpoch'), `${where}.StartEpoch`),
    endEpoch: int(f('EndEpoch'), `${where}.EndEpoch`),
    storagePricePerEpoch: amount(f('StoragePricePerEpoch'), `${where}.StoragePricePerEpoch`),
    providerCollateral: amount(f('ProviderCollateral'), `${where}.ProviderCollateral`),
    clientCollateral: amount(f('ClientCollateral'), `${where}.ClientCollateral`),
  }
}

function preSealFromJson(v: unknown, where: string): PreSeal {
  if (!isObject(v)) throw new InvalidError(`${where}: expected an object`)
  const f = (name: string) => field(v, name, where)
  const key = v.DealClientKey ?? null
  if (key !== null && (!isObject(key) || typeof key.Type !== 'string' || typeof key.PrivateKey !== 'string'))
    throw new InvalidError(`${where}.DealClientKey: expected {"Type", "PrivateKey"} or null`)
  return {
    commR: cid(f('CommR'), `${where}.CommR`),
    commD: cid(f('CommD'), `${where}.CommD`),
    sectorId: uint(f('SectorID'), `${where}.SectorID`),
    deal: dealFromJson(f('Deal'), `${where}.Deal`),
    dealClientKey: key as PreSeal['dealClientKey'],
    proofType: uint(f('ProofType'), `${where}.ProofType`),
  }
}

/** Parses one genesis.Miner JSON object; InvalidError names the bad field. */
export function genesisMinerFromJson(v: unknown, where = 'genesis miner'): GenesisMiner {
  if (!isObject(v)) throw new InvalidError(`${where}: expected an object`)
  const f = (name: string) => field(v, name, where)
  const id = addr(f('ID'), `${where}.ID`)
  if (id.protocol !== Protocol.ID) throw new InvalidError(`${where}.ID: ${id} is not an ID address`)
  const sectors = v.Sectors ?? []
  if (!Array.isArray(sectors)) throw new InvalidError(`${where}.Sectors: not a list`)
  const peerId = v.PeerId ?? ''
  if (typeof peerId !== 'string') throw new InvalidError(`${where}.PeerId: not a string`)
  return {
    id,
    owner: addr(f('Owner'), `${where}.Owner`),
    worker: addr(f('Worker'), `${where}.Worker`),
    peerId,
    marketBalance: amount(v.MarketBalance ?? '0', `${where}.MarketBalance`),
    powerBalance: amount(v.PowerBalance ?? '0', `${where}.PowerBalance`),
    sectorSize: uint(f('SectorSize'), `${where}.SectorSize`),
    sectors: sectors.map((s, i) => preSealFromJson(s, `${where}.Sectors[${i}]`)),
  }
}

function dealToJson(d: PreSealDeal): Record<string, unknown> {
  return {
    PieceCID: { '/': d.pieceCid.toString() },
    PieceSize: d.pieceSize,
    VerifiedDeal: d.verifiedDeal,
    Client: d.client.toString(),
    Provider: d.provider.toString(),
    Label: d.label,
    StartEpoch: d.startEpoch,
    EndEpoch: d.endEpoch,
    StoragePricePerEpoch: d.storagePricePerEpoch.toString(),
    ProviderCollateral: d.providerCollateral.toString(),
    ClientCollateral: d.clientCollateral.toString(),
  }
}

/** The JSON object Lotus marshals for a genesis.Miner (Go field order). */
export function genesisMinerToJson(m: GenesisMiner): Record<string, unknown> {
  return {
    ID: m.id.toString(),
    Owner: m.owner.toString(),
    Worker: m.worker.toString(),
    PeerId: m.peerId,
    MarketBalance: m.marketBalance.toString(),
    PowerBalance: m.powerBalance.toString(),
    SectorSize: m.sectorSize,
    Sectors: m.sectors.map((s) => ({
      CommR: { '/': s.commR.toString() },
      CommD: { '/': s.commD.toString() },
      SectorID: s.sectorId,
      Deal: dealToJson(s.deal),
      DealClientKey: s.dealClientKey,
      ProofType: s.proofType,
    })),
  }
}

/**
 * Parses a `pre-seal-<maddr>.json` file: a JSON object from miner address to genesis.Miner, as Lotus's
 * `WriteGenesisMiner` writes it. Returns the miners in file order.
 */
export function preSealFileFromJson(text: string): GenesisMiner[] {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (err) {
    throw new InvalidError(`pre-seal file: not JSON (${(err as Error).message})`)
  }
  if (!isObject(v)) throw new InvalidError('pre-seal file: expected an object of miner address to miner')
  return Object.entries(v).map(([k, m]) => {
    const miner = genesisMinerFromJson(m, `pre-seal file: ${k}`)
    if (miner.id.toString().slice(1) !== k.slice(1))
      throw new InvalidError(`pre-seal file: key ${k} does not match the miner's ID ${miner.id}`)
    return miner
  })
}

/** The text of a `pre-seal-<maddr>.json` file for one miner (`json.MarshalIndent`, two spaces). */
export function preSealFileToJson(m: GenesisMiner): string {
  return JSON.stringify({ [m.id.toString()]: genesisMinerToJson(m) }, null, 2)
}
