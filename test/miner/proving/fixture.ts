/**
 * For the proving tests: real pre-sealed 2KiB sectors (lotus-seed pre-seal) in a temp folder, and a daemon
 * stand-in that answers the FullNode methods the tracker calls from a small in-memory miner state (head
 * epoch, partitions, sectors), draws randomness as Lotus does, and records the messages pushed.
 */
import { cpSync, existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { preSeal } from '../../../src/cli/lotus-seed/pre-seal.ts'
import { Address } from '../../../src/core/address.ts'
import type { CID } from '../../../src/core/cid.ts'
import { type Codec, decode } from '../../../src/core/codec.ts'
import type { Message } from '../../../src/core/message.ts'
import { SigType } from '../../../src/core/signature.ts'
import { type SignedMessage, signedMessageCid } from '../../../src/core/signed-message.ts'
import { BitField } from '../../../src/crypto/bitfield.ts'
import { drawRandomness } from '../../../src/crypto/randomness.ts'
import type { DeadlineInfo, ProvingApi } from '../../../src/miner/proving/chain-view.ts'
import type { FileLocator } from '../../../src/miner/proving/check.ts'
import { utf8 } from '../../../src/util/bytes.ts'

export const MINER = Address.fromId(1000)
export const OWNER = Address.fromId(100)
export const WORKER = Address.fromId(101)
export const CONTROL = Address.fromId(102)

export interface Sealed {
  dir: string
  sectors: { number: number; commR: CID; proof: number }[]
}

let sealed: Promise<Sealed> | undefined
/** Three sealed 2KiB sectors (0, 1, 2) of t01000, made once per test process. */
export function sealedSectors(): Promise<Sealed> {
  sealed ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-proving-'))
    const r = await preSeal({
      minerAddr: MINER,
      sectorSize: 2048,
      numSectors: 3,
      sectorOffset: 0,
      sectorDir: dir,
      ticketPreimage: 'proving test',
    })
    return { dir, sectors: r.miner.sectors.map((s) => ({ number: s.sectorId, commR: s.commR, proof: s.proofType })) }
  })()
  return sealed
}

/** A private copy of the sealed sectors' folder, to break files in. */
export function copyOf(s: Sealed): string {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-proving-copy-'))
  cpSync(s.dir, dir, { recursive: true })
  return dir
}

/** Files under a pre-seal folder (Lotus layout). */
export function dirLocator(dir: string): FileLocator {
  return (miner, n) => {
    const sealedPath = join(dir, 'sealed', `s-t0${miner}-${n}`)
    const cache = join(dir, 'cache', `s-t0${miner}-${n}`)
    return { sealed: existsSync(sealedPath) ? sealedPath : undefined, cache: existsSync(cache) ? cache : undefined }
  }
}

export interface FakePartition {
  sectors: number[]
  faulty?: number[]
  recovering?: number[]
}

const bf = (xs: number[] = []) => BitField.fromSet(xs).toJson()
export const beaconRand = (tag: number, epoch: number, entropy: Uint8Array) =>
  drawRandomness(utf8('beacon'), tag, epoch, entropy)
export const ticketRand = (tag: number, epoch: number, entropy: Uint8Array) =>
  drawRandomness(utf8('tickets'), tag, epoch, entropy)

/** The devnet's deadline at `epoch` for a period starting at `offset` (48 deadlines of 10 epochs). */
export function infoAt(epoch: number, offset = 3): DeadlineInfo {
  const period = 480
  const periodStart = epoch - ((((epoch - offset) % period) + period) % period)
  const index = Math.floor((epoch - periodStart) / 10)
  const open = periodStart + index * 10
  return {
    currentEpoch: epoch,
    periodStart,
    index,
    open,
    close: open + 10,
    challenge: open - 2,
    faultCutoff: open - 3,
    wpostPeriodDeadlines: 48,
    wpostProvingPeriod: period,
    wpostChallengeWindow: 10,
    wpostChallengeLookback: 2,
    faultDeclarationCutoff: 3,
  }
}

export class FakeDaemon {
  height = 0
  /** Partitions by deadline index. */
  deadlines = new Map<number, FakePartition[]>()
  pushed: Message[] = []
  walletKeys = new Set<string>()
  balances = new Map<string, bigint>()
  controls: Address[] = []
  exitCode = 0
  /** StateWaitMsg calls that fail (a dropped connection) before one answers. */
  waitErrors = 0
  /** StateWaitMsg never answers (a chain that stopped). */
  waitHangs = false

  constructor(readonly s: Sealed) {
    for (const a of [OWNER, WORKER, CONTROL]) {
      this.walletKeys.add(keyOf(a).toString())
      this.balances.set(keyOf(a).toString(), 100n * 10n ** 18n)
    }
  }

  get api(): ProvingApi {
    const toJson = (x: DeadlineInfo) => ({
      CurrentEpoch: x.currentEpoch,
      PeriodStart: x.periodStart,
      Index: x.index,
      Open: x.open,
      Close: x.close,
      Challenge: x.challenge,
      FaultCutoff: x.faultCutoff,
      WPoStPeriodDeadlines: x.wpostPeriodDeadlines,
      WPoStProvingPeriod: x.wpostProvingPeriod,
      WPoStChallengeWindow: x.wpostChallengeWindow,
      WPoStChallengeLookback: x.wpostChallengeLookback,
      FaultDeclarationCutoff: x.faultDeclarationCutoff,
    })
    const api = {
      ChainHead: async () => ({ height: this.height }),
      StateMinerProvingDeadline: async () => toJson(infoAt(this.height)),
      StateMinerPartitions: async (_m: Address, idx: bigint) =>
        (this.deadlines.get(Number(idx)) ?? []).map((p) => ({
          AllSectors: bf(p.sectors),
          FaultySectors: bf(p.faulty),
          RecoveringSectors: bf(p.recovering),
          LiveSectors: bf(p.sectors),
          ActiveSectors: bf(p.sectors.filter((n) => !p.faulty?.includes(n))),
        })),
      StateMinerSectors: async (_m: Address, filter: BitField | null) =>
        this.s.sectors
          .filter((s) => !filter || filter.has(s.number))
          .map((s) => ({
            SectorNumber: s.number,
            SealProof: s.proof,
            SealedCID: { '/': s.commR.toString() },
            Expiration: 1e6,
          })),
      StateMinerInfo: async () => ({
        Owner: OWNER.toString(),
        Worker: WORKER.toString(),
        ControlAddresses: this.controls.map(String),
        WindowPoStProofType: 10,
        SectorSize: 2048,
        WindowPoStPartitionSectors: 2,
      }),
      StateGetRandomnessFromBeacon: async (tag: bigint, epoch: bigint, entropy: Uint8Array) =>
        beaconRand(Number(tag), Number(epoch), entropy),
      StateGetRandomnessFromTickets: async (tag: bigint, epoch: bigint, entropy: Uint8Array) =>
        ticketRand(Number(tag), Number(epoch), entropy),
      StateAccountKey: async (a: Address) => keyOf(a),
      StateLookupID: async (a: Address) => a,
      WalletHas: async (a: Address) => this.walletKeys.has(a.toString()),
      WalletBalance: async (a: Address) => this.balances.get((a.protocol === 0 ? keyOf(a) : a).toString()) ?? 0n,
      MpoolPushMessage: async (m: Message): Promise<SignedMessage> => {
        const message = { ...m, nonce: BigInt(this.pushed.length) }
        this.pushed.push(message)
        return { message, signature: { type: SigType.BLS, data: new Uint8Array(96) } }
      },
      StateWaitMsg: async (cid: CID) => {
        if (this.waitHangs) return new Promise<never>(() => {})
        if (this.waitErrors > 0) {
          this.waitErrors--
          throw new Error('read ECONNRESET')
        }
        return this.lookup(cid)
      },
    }
    return api as unknown as ProvingApi
  }

  private lookup(cid: CID) {
    return {
      message: cid,
      receipt: { version: 0, exitCode: this.exitCode, return: new Uint8Array(), gasUsed: 0n },
      returnDec: null,
      tipSet: undefined,
      height: BigInt(this.height + 1),
    }
  }

  /** The pushed messages with `method`, params decoded. */
  sent<T>(method: number, codec: Codec<T>): { msg: Message; params: T }[] {
    return this.pushed
      .filter((m) => m.method === BigInt(method))
      .map((msg) => ({ msg, params: decode(codec, msg.params) }))
  }
}

/** A stand-in key address for an ID address (t3-like, deterministic). */
export function keyOf(a: Address): Address {
  return Address.fromBlsPublicKey(new Uint8Array(48).fill(Number(a.id % 255n)))
}

export const cidOf = (sm: SignedMessage) => signedMessageCid(sm)
