/**
 * An in-test FullNode API for the sealing pipeline (no chain runs at this unit level): a head that moves one
 * epoch every 5 ms (unless stalled), a pool whose messages execute at the next epoch, the miner
 * actor's precommits and sectors as the PreCommit and ProveCommit messages leave them, wallets with
 * balances and keys. It records every pushed message so tests can assert nothing was sent twice.
 */
import { createHash } from 'node:crypto'
import { Address } from '../../../src/core/address.ts'
import type { CID } from '../../../src/core/cid.ts'
import { decode } from '../../../src/core/codec.ts'
import type { Message } from '../../../src/core/message.ts'
import {
  MinerMethod,
  PreCommitSectorBatchParams2Codec,
  ProveCommitSectors3ParamsCodec,
  SectorPreCommitInfoCodec,
} from '../../../src/core/miner-params.ts'
import { type SignedMessage, signedMessageCid } from '../../../src/core/signed-message.ts'
import type { TipSet } from '../../../src/core/tipset.ts'
import { TipSetKey } from '../../../src/core/tipset-key.ts'
import type { MsgLookupJson } from '../../../src/api/full/chain-codecs.ts'
import type { PipelineApi } from '../../../src/miner/pipeline/chain-api.ts'

export const MADDR = Address.fromId(1000)
export const OWNER = Address.fromId(1001)
export const WORKER = Address.fromId(1002)
export const CONTROL = Address.fromId(1003)

interface Executed {
  lookup: MsgLookupJson
}

export class FakeChain {
  height = 100
  /** When true the head does not move and nothing executes. */
  stalled = false
  /** When true MpoolPushMessage records the message in the pool, then never answers (a crash mid-send). */
  hangOnPush = false
  /** The chain stalls as soon as a message of this method is pushed. */
  stallOnPush: number | undefined
  /** Exit code the next executed message of a method gets, once (default 0). */
  failMethod = new Map<number, number>()
  readonly pushes: Message[] = []
  readonly pool: SignedMessage[] = []
  readonly executed = new Map<string, Executed>()
  readonly precommits = new Map<number, { info: unknown; deposit: bigint; epoch: number }>()
  readonly sectors = new Map<number, { activation: number; expiration: number; pledge: bigint }>()
  balances = new Map<string, bigint>([
    [OWNER.toString(), 10n ** 21n],
    [WORKER.toString(), 10n ** 21n],
    [CONTROL.toString(), 10n ** 21n],
  ])
  keys = new Set<string>([OWNER.toString(), WORKER.toString(), CONTROL.toString()])
  controls: Address[] = [CONTROL]
  private waiters: (() => void)[] = []
  private readonly timer = setInterval(() => this.tick(), 5).unref()

  close(): void {
    clearInterval(this.timer)
  }

  private tick(): void {
    if (this.stalled) return
    this.height++
    for (const sm of this.pool.splice(0)) this.execute(sm)
    for (const w of this.waiters.splice(0)) w()
  }

  private execute(sm: SignedMessage): void {
    const m = sm.message
    const cid = signedMessageCid(sm)
    let exit = this.failMethod.get(Number(m.method)) ?? 0
    this.failMethod.delete(Number(m.method))
    if (exit === 0 && m.method === BigInt(MinerMethod.PreCommitSectorBatch2)) {
      for (const s of decode(PreCommitSectorBatchParams2Codec, m.params).sectors) {
        if (this.precommits.has(s.sectorNumber) || this.sectors.has(s.sectorNumber)) exit = 16
        else
          this.precommits.set(s.sectorNumber, {
            info: SectorPreCommitInfoCodec.toJson(s),
            deposit: m.value,
            epoch: this.height,
          })
      }
    }
    if (exit === 0 && m.method === BigInt(MinerMethod.ProveCommitSectors3)) {
      for (const a of decode(ProveCommitSectors3ParamsCodec, m.params).sectorActivations) {
        const pc = this.precommits.get(a.sectorNumber)
        if (!pc) exit = 16
        else {
          this.precommits.delete(a.sectorNumber)
          const exp = (pc.info as { Expiration: number }).Expiration
          this.sectors.set(a.sectorNumber, { activation: this.height, expiration: exp, pledge: 5000n })
        }
      }
    }
    this.executed.set(cid.toString(), {
      lookup: {
        message: cid,
        receipt: { version: 0, exitCode: exit, return: new Uint8Array(), gasUsed: 1000n, eventsRoot: null },
        returnDec: null,
        tipSet: TipSetKey.EMPTY,
        height: BigInt(this.height),
      },
    })
  }

  /** Pushed messages of a miner method. */
  pushed(method: number): Message[] {
    return this.pushes.filter((m) => m.method === BigInt(method))
  }

  readonly api: PipelineApi = {
    ChainHead: async () => {
      return { height: this.height, key: TipSetKey.EMPTY } as unknown as TipSet
    },
    StateMinerInfo: async () => ({
      Owner: OWNER.toString(),
      Worker: WORKER.toString(),
      ControlAddresses: this.controls.map((a) => a.toString()),
      SectorSize: 2048,
    }),
    StateGetRandomnessFromTickets: async (tag, epoch, entropy) => rand('ticket', tag, epoch, entropy),
    StateGetRandomnessFromBeacon: async (tag, epoch, entropy) => rand('beacon', tag, epoch, entropy),
    StateSectorPreCommitInfo: async (_m, n) => {
      const pc = this.precommits.get(Number(n))
      return pc ? { Info: pc.info, PreCommitDeposit: pc.deposit.toString(), PreCommitEpoch: pc.epoch } : null
    },
    StateSectorGetInfo: async (_m, n) => {
      const s = this.sectors.get(Number(n))
      if (!s) return null
      return {
        SectorNumber: Number(n),
        SealProof: 5,
        Activation: s.activation,
        Expiration: s.expiration,
        DealWeight: '0',
        VerifiedDealWeight: '0',
        InitialPledge: s.pledge.toString(),
      }
    },
    StateMinerPreCommitDepositForPower: async () => 1000n,
    StateMinerInitialPledgeCollateral: async () => 5000n,
    StateMinerSectors: async () => [],
    StateWaitMsg: (cid: CID) =>
      new Promise((resolve) => {
        const check = () => {
          const e = this.executed.get(cid.toString())
          if (e) resolve(e.lookup)
          else this.waiters.push(check)
        }
        check()
      }),
    StateSearchMsg: async (_tsk, cid) => this.executed.get(cid.toString())?.lookup ?? null,
    StateLookupID: async (a) => a,
    StateAccountKey: async (a) => a,
    WalletBalance: async (a) => this.balances.get(a.toString()) ?? 0n,
    WalletHas: async (a) => this.keys.has(a.toString()),
    MpoolPushMessage: async (m) => {
      const sm: SignedMessage = {
        message: { ...m, nonce: BigInt(this.pushes.length) },
        signature: { type: 1, data: new Uint8Array(65) },
      }
      this.pushes.push(sm.message)
      this.pool.push(sm)
      if (this.stallOnPush === Number(m.method)) this.stalled = true
      if (this.hangOnPush) return new Promise<never>(() => undefined)
      return sm
    },
    MpoolPending: async () => [...this.pool],
  }
}

function rand(kind: string, tag: bigint, epoch: bigint, entropy: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`${kind}/${tag}/${epoch}/`).update(entropy).digest())
}
