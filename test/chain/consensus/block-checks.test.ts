import assert from 'node:assert/strict'
import { test } from 'node:test'
import { computeNextBaseFee } from '../../../src/chain/consensus/base-fee.ts'
import type { BlockContext } from '../../../src/chain/consensus/block-context.ts'
import { validateExecution } from '../../../src/chain/consensus/execution-checks.ts'
import { blockValidationChecks } from '../../../src/chain/consensus/index.ts'
import { headerChecks, validateBlockHeader } from '../../../src/chain/consensus/header-checks.ts'
import {
  messageChecks,
  validateBlockMessages,
  type MessageCheckContext,
} from '../../../src/chain/consensus/message-checks.ts'
import type { PowerClaim } from '../../../src/chain/consensus/state-view.ts'
import { computeElectionProof, computeTicket } from '../../../src/chain/consensus/vrf.ts'
import { weightOf } from '../../../src/chain/consensus/weight.ts'
import { computeMsgMeta } from '../../../src/chain/store/msg-meta.ts'
import { Address } from '../../../src/core/address.ts'
import { type BlockHeader, blockSigningBytes } from '../../../src/core/block-header.ts'
import { messageCid } from '../../../src/core/message.ts'
import { SigType } from '../../../src/core/signature.ts'
import { signedMessageCid } from '../../../src/core/signed-message.ts'
import { aggregateSignatures, BLS_EMPTY_AGGREGATE } from '../../../src/crypto/bls.ts'
import { sigSchemes } from '../../../src/crypto/sigs.ts'
import { MemoryBlockstore } from '../../../src/ipld/memory-blockstore.ts'
import { devnet } from '../../../src/params/profiles.ts'
import { InvalidError } from '../../../src/util/errors.ts'
import { FakeState, newKey, signed } from '../mpool/fixtures.ts'
import { genesisTipSet, header } from '../store/chain-builder.ts'

const worker = newKey(2)
const miner = Address.fromId(1000)

class MinerState extends FakeState {
  power: PowerClaim | undefined = { rawBytePower: 2048n, qualityAdjPower: 100n }
  total: PowerClaim = { rawBytePower: 2048n, qualityAdjPower: 100n }
  eligible = true
  override async minerPower() {
    return this.power
  }
  override async totalPower() {
    return this.total
  }
  override async minerEligible() {
    return this.eligible
  }
  override async minerWorkerKey() {
    return worker.addr
  }
}

const prevBeacon = { round: 5, data: new Uint8Array(32).fill(9) }

/** A fully valid block on a genesis parent, and its context. */
function validContext(): BlockContext {
  const parent = genesisTipSet()
  const lookback = new MinerState()
  const profile = devnet
  let height = parent.height + 1
  let election = computeElectionProof(worker.priv, {
    beaconData: prevBeacon.data,
    miner,
    height,
    minerPower: 100n,
    totalPower: 100n,
  })
  while (election.winCount === 0) {
    height++
    election = computeElectionProof(worker.priv, {
      beaconData: prevBeacon.data,
      miner,
      height,
      minerPower: 100n,
      totalPower: 100n,
    })
  }
  const unsigned: BlockHeader = header({
    miner,
    parents: [...parent.cids],
    height,
    ticket: computeTicket(worker.priv, {
      beaconData: prevBeacon.data,
      miner,
      height,
      parentMinTicket: parent.minTicket,
    }),
    electionProof: election,
    parentWeight: weightOf(parent, 100n),
    parentBaseFee: computeNextBaseFee(parent.blocks[0]!.parentBaseFee, [], 1, profile),
    timestamp: parent.minTimestamp + profile.blockDelaySecs * (height - parent.height),
    blsAggregate: { type: SigType.BLS, data: BLS_EMPTY_AGGREGATE },
  })
  return {
    header: signHeader(unsigned),
    parent,
    now: unsigned.timestamp,
    profile,
    prevBeacon,
    lookbackState: lookback,
    parentTipsetState: lookback,
    parentGasLimits: [],
    proofs: { verifyBeaconEntries: () => {}, verifyWinningPoSt: () => {} },
  }
}

function signHeader(h: BlockHeader): BlockHeader {
  return { ...h, blockSig: { type: SigType.BLS, data: sigSchemes[2].sign(worker.priv, blockSigningBytes(h)) } }
}

async function failsWith(ctx: BlockContext, re: RegExp): Promise<void> {
  await assert.rejects(validateBlockHeader(ctx), (e: unknown) => e instanceof InvalidError && re.test(e.message))
}

test('a valid block passes every header check', async () => {
  const ctx = validContext()
  await validateBlockHeader(ctx)
  assert.deepEqual(
    headerChecks.map((c) => c.name),
    [
      'sanity',
      'parents',
      'height',
      'timestamp',
      'future',
      'miner',
      'parentWeight',
      'baseFee',
      'eligible',
      'election',
      'ticket',
      'beacon',
      'blockSig',
      'winningPoSt',
    ],
  )
})

test('each header rule refuses with a message naming it', async () => {
  const base = validContext()
  const h = base.header
  const withHeader = (over: Partial<BlockHeader>, resign = true): BlockContext => ({
    ...base,
    header: resign ? signHeader({ ...h, ...over }) : { ...h, ...over },
  })
  await failsWith(withHeader({ electionProof: null }), /nil election proof/)
  await failsWith(withHeader({ miner: worker.addr }), /non-ID miner address/)
  await failsWith(withHeader({ parents: [h.messages] }), /parents do not name the parent tipset/)
  await failsWith({ ...withHeader({ height: 0 }) }, /not greater than parent height/)
  await failsWith(withHeader({ timestamp: h.timestamp + 1 }), /wrong timestamp/)
  await failsWith(
    { ...base, now: h.timestamp - 2 },
    new RegExp(`block timestamp ${h.timestamp} is in the future \\(now ${h.timestamp - 2}, allowed drift 1 s\\)`),
  )
  await validateBlockHeader({ ...base, now: h.timestamp - 1 }) // within the drift
  const noMiner = new MinerState()
  noMiner.power = undefined
  await failsWith({ ...base, lookbackState: noMiner }, /isn't valid/)
  await failsWith(withHeader({ parentWeight: h.parentWeight + 1n }), /parent weight different/)
  await failsWith(withHeader({ parentBaseFee: h.parentBaseFee + 1n }), /base fee doesn't match/)
  const ineligible = new MinerState()
  ineligible.eligible = false
  await failsWith({ ...base, lookbackState: ineligible }, /ineligible to mine/)
  await failsWith(withHeader({ electionProof: { ...h.electionProof!, winCount: 99 } }), /wrong number of wins/)
  await failsWith(withHeader({ ticket: { vrfProof: h.electionProof!.vrfProof } }), /validating block tickets failed/)
  await failsWith(
    {
      ...base,
      proofs: {
        ...base.proofs,
        verifyBeaconEntries: () => {
          throw new Error('round 6 missing')
        },
      },
    },
    /random beacon values: round 6 missing/,
  )
  await failsWith(withHeader({ forkSignaling: 1n }, false), /check block signature failed/)
  await failsWith(
    {
      ...base,
      proofs: {
        ...base.proofs,
        verifyWinningPoSt: () => {
          throw new Error('bad proof')
        },
      },
    },
    /invalid election post: bad proof/,
  )
})

test('message checks: MsgMeta, count, inclusion, gas, nonces, secp signatures, BLS aggregate', async () => {
  const bs = new MemoryBlockstore()
  const s = newKey(1)
  const b = newKey(2)
  const state = new FakeState()
  const secp = [signed(s, 0), signed(s, 1)]
  const blsSigned = [signed(b, 0)]
  const bls = blsSigned.map((m) => m.message)
  const meta = await computeMsgMeta(bs, bls.map(messageCid), secp.map(signedMessageCid))
  const h = header({
    messages: meta,
    blsAggregate: { type: 2, data: aggregateSignatures(blsSigned.map((m) => m.signature.data)) },
  })
  const ctx: MessageCheckContext = { header: h, profile: devnet, bls, secp, msgMetaCid: meta, state }
  await validateBlockMessages(ctx)
  assert.equal(messageChecks.length, 7)
  const fails = (c: Partial<MessageCheckContext>, re: RegExp) =>
    assert.rejects(
      validateBlockMessages({ ...ctx, ...c }),
      (e: unknown) => e instanceof InvalidError && re.test(e.message),
    )
  await fails({ msgMetaCid: await computeMsgMeta(bs, [], []) }, /didn't match message root/)
  const many = Array.from({ length: 10_000 }, () => secp[0]!) // plus the one BLS message
  await fails({ secp: many, msgMetaCid: meta }, /too many messages \(10001 > 10000\)/)
  await fails(
    { secp: [signed(s, 0, { gasPremium: 2000n })], bls: [] },
    /msg .* invalid for block inclusion: 'GasFeeCap' less than 'GasPremium'/,
  )
  await fails(
    { secp: [signed(s, 0, { gasLimit: 6_000_000_000n }), signed(s, 1, { gasLimit: 6_000_000_000n })], bls: [] },
    /block gas limit exceeded/,
  )
  await fails({ secp: [secp[1]!], bls: [] }, /wrong nonce \(exp: 0, got: 1\)/)
  const forged = { ...secp[1]!, signature: secp[0]!.signature }
  await fails({ secp: [secp[0]!, forged], bls: [] }, /invalid secpk message at index 1/)
  await fails(
    { header: { ...h, blsAggregate: { type: 2, data: BLS_EMPTY_AGGREGATE } } },
    /bls aggregate signature was invalid/,
  )
})

test('execution checks compare the header with the executed parent state and receipts', () => {
  const h = header()
  const other = genesisTipSet().cids[0]!
  validateExecution({ header: h, computedStateRoot: h.parentStateRoot, computedReceiptsRoot: h.parentMessageReceipts })
  assert.throws(
    () => validateExecution({ header: h, computedStateRoot: other, computedReceiptsRoot: h.parentMessageReceipts }),
    /parent state root did not match computed state/,
  )
  assert.throws(
    () => validateExecution({ header: h, computedStateRoot: h.parentStateRoot, computedReceiptsRoot: other }),
    /parent receipts root did not match computed value/,
  )
  assert.deepEqual(
    Object.values(blockValidationChecks).map((t) => t.length),
    [headerChecks.length, messageChecks.length, 2],
  )
})
