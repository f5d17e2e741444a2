/**
 * An in-process chain for the syncer and block assembly tests: a genesis with two pre-sealed 2KiB miners
 * (t01000 with two sectors, t01001 with one; real BLS worker keys), two funded accounts (secp, BLS) and a
 * local beacon with its key; a state manager, a syncer whose clock the test sets, and a block producer
 * that does what a miner does: base info, election, ticket, WinningPoSt over the sealed sector files,
 * then createBlock signed by the worker key.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalBeacon } from '../../../src/chain/beacon/local-beacon.ts'
import { latestBeaconEntry } from '../../../src/chain/beacon/latest.ts'
import { computeElectionProof, computeTicket } from '../../../src/chain/consensus/vrf.ts'
import { genesisMinerToJson } from '../../../src/chain/genesis/miner.ts'
import { makeGenesisBlock } from '../../../src/chain/genesis/genblock.ts'
import { accountActor, newTemplate } from '../../../src/chain/genesis/template.ts'
import { minerBaseInfo, winningPoStRandomness } from '../../../src/chain/mining/base-info.ts'
import { createBlock } from '../../../src/chain/mining/create-block.ts'
import type { BlockMsg, BlockTemplate } from '../../../src/core/mining.ts'
import { StateManager } from '../../../src/chain/state-manager/state-manager.ts'
import { ChainStore } from '../../../src/chain/store/chain-store.ts'
import { Syncer } from '../../../src/chain/sync/syncer.ts'
import { preSeal, sectorName } from '../../../src/cli/lotus-seed/pre-seal.ts'
import { Address } from '../../../src/core/address.ts'
import type { BlockHeader } from '../../../src/core/block-header.ts'
import { blockSigningBytes } from '../../../src/core/block-header.ts'
import type { SignedMessage } from '../../../src/core/signed-message.ts'
import type { TipSet } from '../../../src/core/tipset.ts'
import { FIL_PRECISION } from '../../../src/core/token.ts'
import { blsPublicKey } from '../../../src/crypto/bls.ts'
import { sign } from '../../../src/crypto/sigs.ts'
import { SigType } from '../../../src/core/signature.ts'
import { blockProofVerifier } from '../../../src/daemon/block-proofs.ts'
import { vanillaProofVerifier } from '../../../src/daemon/proof-verifier.ts'
import { MemoryBlockstore } from '../../../src/ipld/memory-blockstore.ts'
import { networkPolicy } from '../../../src/chain/actors/miner/policy.ts'
import type { NetworkProfile } from '../../../src/params/profile.ts'
import { devnet } from '../../../src/params/profiles.ts'
import { cidToCommitment, FIL_COMMITMENT_SEALED } from '../../../src/proofs/piece-cid.ts'
import { maskRandomness } from '../../../src/proofs/post/verifier.ts'
import { generateWinningPoSt } from '../../../src/proofs/post/winning.ts'
import { proverId } from '../../../src/proofs/sdr/replica-id.ts'
import { type Key, newKey } from '../mpool/fixtures.ts'

export interface MinerKey {
  id: Address
  worker: Key
}

export interface Produced {
  msg: BlockMsg
  template: BlockTemplate
}

export interface Fixture {
  dir: string
  store: MemoryBlockstore
  chain: ChainStore
  sm: StateManager
  syncer: Syncer
  beacon: LocalBeacon
  genesis: TipSet
  miners: MinerKey[]
  secp: Key
  bls: Key
  /** The syncer's clock (Unix seconds); defaults far after genesis. */
  clock: { now: number }
  /**
   * A miner's block on `parent` at its first winning epoch from `from` (default parent + 1; null rounds
   * skipped), or at `epoch` exactly, won or not.
   */
  produce(
    parent: TipSet,
    miner: MinerKey,
    o?: { messages?: SignedMessage[]; epoch?: number; from?: number },
  ): Promise<Produced>
  /** The first epoch above `parent` at which every given miner wins. */
  commonWinEpoch(parent: TipSet, miners: MinerKey[]): Promise<number>
  /** The header re-signed by `key` (after a test edits it). */
  resign(h: BlockHeader, key: Key): BlockHeader
  close(): Promise<void>
}

const GENESIS_TIME = 1_700_000_000

export async function createFixture(name: string, profile: NetworkProfile = devnet): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), `lotus-ts-${name}-`))
  const sectorDir = join(dir, 'sectors')
  const secp = newKey(SigType.Secp256k1)
  const bls = newKey(SigType.BLS)
  const t = newTemplate(name, GENESIS_TIME)
  t.accounts.push(accountActor(secp.addr, 1000n * FIL_PRECISION), accountActor(bls.addr, 1000n * FIL_PRECISION))
  const miners: MinerKey[] = []
  for (const [id, n, offset] of [
    [1000, 2, 0],
    [1001, 1, 0],
  ] as const) {
    const ps = await preSeal({
      minerAddr: Address.fromId(id),
      sectorSize: 2048,
      numSectors: n,
      sectorOffset: offset,
      sectorDir,
      ticketPreimage: name,
    })
    t.miners.push(genesisMinerToJson(ps.miner))
    miners.push({ id: Address.fromId(id), worker: { type: 2, priv: ps.key.privateKey, addr: ps.miner.worker } })
  }
  const beaconKey = newKey(SigType.BLS).priv
  const store = new MemoryBlockstore()
  const g = await makeGenesisBlock(store, t, {
    beaconPublicKey: blsPublicKey(beaconKey),
    policy: networkPolicy(profile),
  })
  const chain = await ChainStore.open({ blockstore: store }, { path: join(dir, 'index'), finality: profile.finality })
  await chain.setGenesis(g.header)
  const clock = { now: GENESIS_TIME + 1_000_000 }
  const beacon = LocalBeacon.fromGenesis(g.header, {
    blockDelaySecs: profile.blockDelaySecs,
    secretKey: beaconKey,
    now: () => clock.now,
  })
  const sm = new StateManager({ chain, store, proofs: vanillaProofVerifier(), beacon }, { profile })
  const latestBeacon = (ts: TipSet) => latestBeaconEntry(chain, ts)
  const syncer = new Syncer({ sm, proofs: blockProofVerifier({ sm, beacon }), latestBeacon, now: () => clock.now })
  const baseDeps = { sm, beacon, latestBeacon }
  const genesis = chain.getHead()!
  const keyOf = new Map(miners.map((m) => [m.worker.addr.toString(), m.worker]))

  async function wins(parent: TipSet, m: MinerKey, epoch: number) {
    const base = await minerBaseInfo(baseDeps, m.id, epoch, parent)
    if (!base) throw new Error(`miner ${m.id} has no power`)
    const rbase = base.beaconEntries.at(-1) ?? base.prevBeaconEntry
    const eproof = computeElectionProof(m.worker.priv, {
      beaconData: rbase.data,
      miner: m.id,
      height: epoch,
      minerPower: base.minerPower,
      totalPower: base.networkPower,
    })
    return { base, rbase, eproof }
  }

  return {
    dir,
    store,
    chain,
    sm,
    syncer,
    beacon,
    genesis,
    miners,
    secp,
    bls,
    clock,
    async produce(parent, m, o = {}) {
      let epoch = o.epoch ?? o.from ?? parent.height + 1
      let w = await wins(parent, m, epoch)
      while (o.epoch === undefined && w.eproof.winCount === 0) w = await wins(parent, m, ++epoch)
      const { base, rbase, eproof } = w
      const rand = winningPoStRandomness(rbase, m.id, epoch)
      const sectors = base.sectors.map((s) => {
        const file = sectorName(m.id.id, Number(s.sectorNumber))
        return {
          sectorNumber: s.sectorNumber,
          commR: cidToCommitment(s.sealedCid, FIL_COMMITMENT_SEALED),
          cacheDir: join(sectorDir, 'cache', file),
          sealedPath: join(sectorDir, 'sealed', file),
        }
      })
      const proof = generateWinningPoSt({
        postProof: 0,
        randomness: maskRandomness(rand),
        proverId: proverId(m.id.id),
        sectors,
      })
      const template: BlockTemplate = {
        miner: m.id,
        parents: parent.key,
        ticket: computeTicket(m.worker.priv, {
          beaconData: rbase.data,
          miner: m.id,
          height: epoch,
          parentMinTicket: parent.minTicket,
        }),
        eproof,
        beaconValues: base.beaconEntries,
        messages: o.messages ?? [],
        epoch: BigInt(epoch),
        timestamp: BigInt(parent.minTimestamp + profile.blockDelaySecs * (epoch - parent.height)),
        winningPoStProof: [{ postProof: 0, proofBytes: proof }],
      }
      const msg = await createBlock(
        {
          sm,
          sign: (addr, bytes) => {
            const k = keyOf.get(addr.toString())
            if (!k) throw new Error(`no key for ${addr}`)
            return sign(SigType.BLS, k.priv, bytes)
          },
        },
        template,
      )
      return { msg, template }
    },
    async commonWinEpoch(parent, ms) {
      for (let epoch = parent.height + 1; ; epoch++) {
        let all = true
        for (const m of ms) if ((await wins(parent, m, epoch)).eproof.winCount === 0) all = false
        if (all) return epoch
      }
    },
    resign(h, key) {
      return { ...h, blockSig: sign(key.type, key.priv, blockSigningBytes({ ...h, blockSig: null })) }
    },
    async close() {
      await chain.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
