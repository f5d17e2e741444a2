/**
 * Genesis miners (`lotus:chain/gen/genesis/miners.go` SetupStorageMiners, reduced): for each template
 * miner, Power.CreateMiner is called from its owner (with Init's next ID set to the miner's ID, so the
 * actor gets the ID the pre-seal named), then its pre-sealed sectors are activated in the miner state and
 * Power is credited with their power, pledge and first deadline cron event. Differences from Lotus: the
 * pre-seal deals are not published to the market actor (sectors carry no deal weight) and the initial
 * pledge is zero (Lotus computes it from the reward actor's smoothed estimates).
 */
import type { Address } from '../../core/address.ts'
import { decode, encode } from '../../core/codec.ts'
import type { CID } from '../../core/cid.ts'
import type { Message } from '../../core/message.ts'
import { type Blockstore, getOrThrow, putCbor } from '../../ipld/blockstore.ts'
import { InvalidError } from '../../util/errors.ts'
import { InitStateCodec } from '../actors/init/state.ts'
import { activatePresealedSectors } from '../actors/miner/preseal.ts'
import { minerPolicyOf } from '../actors/miner/policy.ts'
import { MinerStateCodec } from '../actors/miner/state.ts'
import { CronEventPayloadCodec } from '../actors/miner/types.ts'
import { PowerMethod } from '../actors/power/actor.ts'
import { getClaim, loadClaims, setClaim } from '../actors/power/claims.ts'
import { enrollCronEvent } from '../actors/power/cron-queue.ts'
import { addToClaim, PowerStateCodec } from '../actors/power/state.ts'
import { CreateMinerParamsCodec, CreateMinerReturnCodec } from '../actors/power/types.ts'
import { builtinActors } from '../actors/registry.ts'
import { INIT_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR } from '../actors/singletons.ts'
import { IMPLICIT_MESSAGE_GAS_LIMIT } from '../vm/vm.ts'
import { Vm } from '../vm/vm.ts'
import type { ChainPolicy } from '../vm/policy.ts'
import type { GenesisMiner } from './miner.ts'

/** Window PoSt proof of each V1_1 seal proof (2KiB … 64GiB → StackedDrgWindow…V1_1). */
const WINDOW_POST_OF_SEAL: Record<number, number> = { 5: 10, 6: 11, 7: 12, 8: 13, 9: 14 }

/** Miner.OnDeferredCronEvent's payload type for a proving deadline. */
const CRON_EVENT_PROVING_DEADLINE = 1n

async function setNextId(store: Blockstore, vm: Vm, id: bigint, where: string): Promise<void> {
  const act = await vm.tree.getActor(INIT_ACTOR_ADDR)
  if (!act) throw new InvalidError('genesis: no init actor')
  const st = decode(InitStateCodec, await getOrThrow(store, act.head))
  if (id < st.nextId) throw new InvalidError(`${where}: miner ID ${id} is already taken (next free ID ${st.nextId})`)
  st.nextId = id
  await vm.tree.setActor(INIT_ACTOR_ADDR, { ...act, head: await putCbor(store, InitStateCodec.toCbor(st)) })
}

async function createMiner(vm: Vm, m: GenesisMiner, where: string): Promise<Address> {
  const first = m.sectors[0]
  const sealProof = first?.proofType ?? 5
  const post = WINDOW_POST_OF_SEAL[sealProof]
  if (post === undefined) throw new InvalidError(`${where}: seal proof ${sealProof} has no window PoSt proof here`)
  const msg: Message = {
    version: 0,
    from: m.owner,
    to: STORAGE_POWER_ACTOR_ADDR,
    nonce: 0n,
    value: 0n,
    gasLimit: IMPLICIT_MESSAGE_GAS_LIMIT,
    gasFeeCap: 0n,
    gasPremium: 0n,
    method: BigInt(PowerMethod.CreateMiner),
    params: encode(CreateMinerParamsCodec, {
      owner: m.owner,
      worker: m.worker,
      windowPoStProofType: post,
      peer: new TextEncoder().encode(m.peerId),
      multiaddrs: [],
    }),
  }
  const r = await vm.applyImplicitMessage(msg)
  if (r.receipt.exitCode !== 0)
    throw new InvalidError(`${where}: Power.CreateMiner failed (exit ${r.receipt.exitCode}): ${r.error ?? ''}`)
  return decode(CreateMinerReturnCodec, r.receipt.return).idAddress
}

async function activate(store: Blockstore, vm: Vm, miner: Address, m: GenesisMiner): Promise<void> {
  const act = (await vm.tree.getActor(miner))!
  const st = decode(MinerStateCodec, await getOrThrow(store, act.head))
  const expiration = Math.max(...m.sectors.map((s) => s.deal.endEpoch))
  const sectors = m.sectors.map((s) => ({
    sectorNumber: s.sectorId,
    sealProof: s.proofType,
    sealedCid: s.commR,
    expiration,
    initialPledge: 0n,
  }))
  const r = await activatePresealedSectors(store, minerPolicyOf(vm.policy), st, sectors, vm.epoch)
  await vm.tree.setActor(miner, { ...act, head: await putCbor(store, MinerStateCodec.toCbor(st)) })
  const pact = (await vm.tree.getActor(STORAGE_POWER_ACTOR_ADDR))!
  const pst = decode(PowerStateCodec, await getOrThrow(store, pact.head))
  const claims = await loadClaims(store, pst)
  const claim = await getClaim(claims, miner)
  if (!claim) throw new InvalidError(`genesis: miner ${miner} has no power claim`)
  addToClaim(vm.policy, pst, claim, r.power.raw, r.power.qa)
  await setClaim(claims, miner, claim)
  pst.claims = await claims.flush()
  pst.totalPledgeCollateral += r.pledge
  const callbackPayload = encode(CronEventPayloadCodec, { eventType: CRON_EVENT_PROVING_DEADLINE })
  await enrollCronEvent(store, pst, BigInt(r.deadlineCronEpoch), { minerAddr: miner, callbackPayload })
  await vm.tree.setActor(STORAGE_POWER_ACTOR_ADDR, { ...pact, head: await putCbor(store, PowerStateCodec.toCbor(pst)) })
}

/** Adds the miners to the genesis state at `stateRoot`; returns the new root. */
export async function addGenesisMiners(
  store: Blockstore,
  stateRoot: CID,
  miners: readonly GenesisMiner[],
  policy?: ChainPolicy,
): Promise<CID> {
  if (miners.length === 0) return stateRoot
  const vm = await Vm.create({ store, actors: builtinActors() }, stateRoot, {
    epoch: 0,
    baseFee: 0n,
    ...(policy ? { policy } : {}),
  })
  for (const [i, m] of miners.entries()) {
    const where = `genesis template: Miners[${i}] (${m.id})`
    for (const s of m.sectors)
      if (s.proofType !== m.sectors[0]!.proofType) throw new InvalidError(`${where}: sectors mix seal proofs`)
    await setNextId(store, vm, m.id.id, where)
    const got = await createMiner(vm, m, where)
    if (got.id !== m.id.id) throw new InvalidError(`${where}: created as ${got}, not ${m.id}`)
    if (m.sectors.length > 0) await activate(store, vm, got, m)
  }
  return vm.tree.flush()
}
