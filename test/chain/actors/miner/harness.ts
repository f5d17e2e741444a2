/**
 * A miner test bench on the real VM: genesis accounts (test/chain/vm/fixtures.ts), deterministic fake
 * randomness, a proof verifier that records what it was asked and answers as told, and helpers that send
 * real messages, run cron epoch by epoch and read the miner's state.
 */
import assert from 'node:assert/strict'
import type { Address } from '../../../../src/core/address.ts'
import type { CID } from '../../../../src/core/cid.ts'
import { type Codec, decode, encode } from '../../../../src/core/codec.ts'
import { FIL_PRECISION } from '../../../../src/core/token.ts'
import { drawRandomness } from '../../../../src/crypto/randomness.ts'
import { utf8 } from '../../../../src/util/bytes.ts'
import { getOrThrow } from '../../../../src/ipld/blockstore.ts'
import { commRToCid } from '../../../../src/proofs/piece-cid.ts'
import { DEVNET_MINER_POLICY, type MinerPolicy } from '../../../../src/chain/actors/miner/policy.ts'
import { type MinerState, MinerStateCodec } from '../../../../src/chain/actors/miner/state.ts'
import { readClaim } from '../../../../src/chain/actors/power/claims.ts'
import { PowerStateCodec } from '../../../../src/chain/actors/power/state.ts'
import { CreateMinerParamsCodec, CreateMinerReturnCodec } from '../../../../src/chain/actors/power/types.ts'
import { BURNT_FUNDS_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR } from '../../../../src/chain/actors/singletons.ts'
import type { SealVerifyInfo, WindowPoStVerifyInfo } from '../../../../src/chain/vm/externs.ts'
import { cronMessage } from '../../../../src/chain/vm/implicit-messages.ts'
import { DEFAULT_POLICY } from '../../../../src/chain/vm/policy.ts'
import { Vm } from '../../../../src/chain/vm/vm.ts'
import { BASE_FEE, msg, type Setup, setup, totalBalance } from '../../vm/fixtures.ts'

/** Randomness a chain would give: a fixed base per source, drawn as Lotus draws. */
export const ticketRand = (tag: number, epoch: number, entropy: Uint8Array): Uint8Array =>
  drawRandomness(utf8('tickets'), tag, epoch, entropy)
export const beaconRand = (tag: number, epoch: number, entropy: Uint8Array): Uint8Array =>
  drawRandomness(utf8('beacon'), tag, epoch, entropy)

export class FakeVerifier {
  seals: SealVerifyInfo[] = []
  posts: WindowPoStVerifyInfo[] = []
  acceptSeal = true
  acceptPoSt = true
  async verifySeal(info: SealVerifyInfo): Promise<boolean> {
    this.seals.push(info)
    return this.acceptSeal
  }
  async verifyWindowPoSt(info: WindowPoStVerifyInfo): Promise<boolean> {
    this.posts.push(info)
    return this.acceptPoSt
  }
}

/** A small policy for long scenarios: 4 deadlines of 10 epochs, short prove-commit window and delays. */
export const SHORT_POLICY: MinerPolicy = {
  ...DEVNET_MINER_POLICY,
  wpostPeriodDeadlines: 4,
  wpostProvingPeriod: 40,
  maxProveCommitDuration: 60,
  expiredPreCommitCleanUpDelay: 5,
  workerKeyChangeDelay: 15,
}

export const sealedCid = (n: number): CID => commRToCid(new Uint8Array(32).fill(n))

export class Bench {
  readonly verifier = new FakeVerifier()
  vm!: Vm
  private nonces = new Map<string, bigint>()
  initialTotal = 0n

  constructor(
    readonly s: Setup,
    readonly policy: MinerPolicy,
  ) {}

  static async create(policy: MinerPolicy = SHORT_POLICY, startEpoch = 1): Promise<Bench> {
    const s = await setup(3)
    const b = new Bench(s, policy)
    const deps = {
      ...s.deps,
      randomness: {
        fromTickets: async (t: number, e: number, en: Uint8Array) => ticketRand(t, e, en),
        fromBeacon: async (t: number, e: number, en: Uint8Array) => beaconRand(t, e, en),
      },
      proofs: b.verifier,
    }
    b.vm = await Vm.create(deps, s.root, {
      epoch: startEpoch,
      baseFee: BASE_FEE,
      policy: { ...DEFAULT_POLICY, miner: policy } as typeof DEFAULT_POLICY,
      circulatingSupply: 1_000_000n * FIL_PRECISION,
    })
    b.initialTotal = s.total
    return b
  }

  get epoch(): number {
    return this.vm.epoch
  }

  /** Sends a message from key `k` (index into the genesis keys); returns the receipt. */
  async send(k: number, to: Address, method: number, params: Uint8Array, value = 0n) {
    const from = this.s.keys[k]!
    const nonce = this.nonces.get(from.key) ?? 0n
    const r = await this.vm.applyMessage(
      msg({ from, nonce, to, method: BigInt(method), params, value, gasLimit: 3_000_000_000n }),
    )
    this.nonces.set(from.key, nonce + 1n)
    return r
  }

  async ok<T>(k: number, to: Address, method: number, params: Uint8Array, ret?: Codec<T>, value = 0n): Promise<T> {
    const r = await this.send(k, to, method, params, value)
    assert.equal(r.receipt.exitCode, 0, r.error)
    return (ret ? decode(ret, r.receipt.return) : undefined) as T
  }

  async fails(k: number, to: Address, method: number, params: Uint8Array, code: number): Promise<string> {
    const r = await this.send(k, to, method, params)
    assert.equal(r.receipt.exitCode, code, r.error)
    return r.error ?? ''
  }

  /** Runs cron at the current epoch, then moves to the next. */
  async tick(): Promise<void> {
    const r = await this.vm.applyImplicitMessage(cronMessage(this.vm.epoch))
    assert.equal(r.receipt.exitCode, 0, r.error)
    this.vm.epoch += 1
  }

  /** Runs cron for every epoch before `epoch`, leaving the VM at `epoch`. */
  async advanceTo(epoch: number): Promise<void> {
    while (this.vm.epoch < epoch) await this.tick()
  }

  /** Creates a miner owned and worked by key `k`'s account, with `value` attoFIL. */
  async createMiner(k = 0, value = 100n * FIL_PRECISION, postProof = 10): Promise<Address> {
    const p = encode(CreateMinerParamsCodec, {
      owner: this.s.ids[k]!,
      worker: this.s.ids[k]!,
      windowPoStProofType: postProof,
      peer: utf8('peer'),
      multiaddrs: [],
    })
    const ret = await this.ok(k, STORAGE_POWER_ACTOR_ADDR, 2, p, CreateMinerReturnCodec, value)
    return ret.idAddress
  }

  async minerState(miner: Address): Promise<MinerState> {
    const act = (await this.vm.tree.getActor(miner))!
    return decode(MinerStateCodec, await getOrThrow(this.vm.deps.store, act.head))
  }

  async head(miner: Address): Promise<CID> {
    return (await this.vm.tree.getActor(miner))!.head
  }

  async balance(a: Address): Promise<bigint> {
    return (await this.vm.tree.getActor(a))?.balance ?? 0n
  }

  burnt(): Promise<bigint> {
    return this.balance(BURNT_FUNDS_ACTOR_ADDR)
  }

  async claim(miner: Address) {
    const act = (await this.vm.tree.getActor(STORAGE_POWER_ACTOR_ADDR))!
    const st = decode(PowerStateCodec, await getOrThrow(this.vm.deps.store, act.head))
    return { claim: await readClaim(this.vm.deps.store, st, miner), st }
  }

  /** Every attoFIL is still somewhere. */
  async assertConserved(): Promise<void> {
    const root = await this.vm.flush()
    assert.equal(await totalBalance(this.vm.deps, root), this.initialTotal)
  }
}
