import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { decode } from '../../../src/core/codec.ts'
import { MinerMethod, PreCommitSectorBatchParams2Codec } from '../../../src/core/miner-params.ts'
import { verifySeal } from '../../../src/proofs/porep/verify.ts'
import { proverId } from '../../../src/proofs/sdr/replica-id.ts'
import { fromBase64, fromHex } from '../../../src/util/bytes.ts'
import { FakeChain, MADDR, WORKER } from './fake-chain.ts'
import { startPipeline, until, waitState } from './harness.ts'

const root = mkdtempSync(join(tmpdir(), 'lotus-pipeline-'))
after(() => rmSync(root, { recursive: true, force: true }))
let dirs = 0
const freshDir = () => mkdtempSync(join(root, `r${dirs++}-`))

test('a pledged sector goes through every state to Proving, its proof verifies and each message is sent once', async () => {
  const chain = new FakeChain()
  const r = await startPipeline(freshDir(), chain)
  try {
    const s0 = await r.pipeline.pledge()
    assert.equal(s0.number, 0)
    assert.equal(s0.state, 'Packing')
    await waitState(r.pipeline, 0, 'Proving')
    const s = r.pipeline.store.get(0)
    const pre = chain.pushed(MinerMethod.PreCommitSectorBatch2)
    const prove = chain.pushed(MinerMethod.ProveCommitSectors3)
    assert.equal(pre.length, 1)
    assert.equal(prove.length, 1)
    assert.ok(pre[0]!.from.equals(WORKER), 'no PreCommitControl configured: the worker sends')
    assert.ok(pre[0]!.to.equals(MADDR))
    assert.equal(pre[0]!.value, 1000n, 'the deposit StateMinerPreCommitDepositForPower asked for')
    assert.equal(prove[0]!.value, 4000n, 'the pledge less the deposit')
    const pci = decode(PreCommitSectorBatchParams2Codec, pre[0]!.params).sectors[0]!
    assert.equal(pci.sectorNumber, 0)
    assert.equal(pci.sealedCid.toString(), s.sealedCid)
    assert.equal(pci.sealRandEpoch, s.ticketEpoch)
    assert.equal(pci.unsealedCid, null, 'a CC sector has no unsealed CID')
    assert.equal(s.seedEpoch, s.preCommitEpoch! + 10, 'seed epoch = precommit epoch + PreCommitChallengeDelay')
    const ok = verifySeal({
      proof: 5,
      commR: fromHex(s.commR!),
      commD: fromHex(s.commD!),
      proverId: proverId(1000),
      sectorNumber: 0,
      ticket: fromHex(s.ticket!),
      seed: fromHex(s.seed!),
      sealProof: fromBase64(s.proof!),
    })
    assert.equal(ok, true, 'the proof sent on chain verifies against ticket and seed')
    const kinds = r.pipeline.store.log(0).map((l) => l.kind.replace('event;sealing.', ''))
    assert.deepEqual(kinds, [
      'SectorStartCC',
      'SectorPacked',
      'SectorTicket',
      'SectorPreCommit1',
      'SectorPreCommit2',
      'SectorPreCommitted',
      'SectorPreCommitLanded',
      'SectorSeedReady',
      'SectorCommitted',
      'SectorCommitSubmitted',
      'SectorProving',
      'SectorFinalized',
    ])
    assert.equal(chain.sectors.has(0), true)
  } finally {
    await r.stop()
    chain.close()
  }
})

test('killed between pushing the PreCommit and recording it: the restart finds it in the pool and never resends', async () => {
  const dir = freshDir()
  const chain = new FakeChain()
  chain.hangOnPush = true
  chain.stalled = true
  const a = await startPipeline(dir, chain)
  await a.pipeline.pledge()
  await a.pipeline.pledge()
  await until(() => chain.pushed(MinerMethod.PreCommitSectorBatch2).length === 2, 'two precommits pushed')
  assert.equal(a.pipeline.store.get(0).state, 'PreCommitting')
  assert.equal(a.pipeline.store.get(0).preCommitMsg, null, 'the push never answered: no CID recorded')
  await a.stop()

  chain.hangOnPush = false
  const b = await startPipeline(dir, chain)
  try {
    await until(() => b.pipeline.store.get(1).preCommitMsg !== null, 'the pooled message recorded')
    chain.stalled = false
    await waitState(b.pipeline, 0, 'Proving')
    await waitState(b.pipeline, 1, 'Proving')
    assert.equal(chain.pushed(MinerMethod.PreCommitSectorBatch2).length, 2, 'one PreCommit per sector')
    assert.equal(chain.pushed(MinerMethod.ProveCommitSectors3).length, 2)
    assert.ok(b.pipeline.store.log(0).some((l) => l.message === 'in pool'))
    const third = await b.pipeline.pledge()
    assert.equal(third.number, 2, 'sector numbers continue after the restart')
  } finally {
    await b.stop()
    chain.close()
  }
})

test('killed while waiting for the PreCommit and for the ProveCommit: each wait resumes on the recorded CID', async () => {
  const dir = freshDir()
  const chain = new FakeChain()
  chain.stalled = true
  const a = await startPipeline(dir, chain)
  await a.pipeline.pledge()
  await waitState(a.pipeline, 0, 'PreCommitWait')
  const cid = a.pipeline.store.get(0).preCommitMsg
  assert.ok(cid, 'the CID is recorded before the wait')
  await a.stop()

  chain.stalled = false
  chain.stallOnPush = MinerMethod.ProveCommitSectors3
  const b = await startPipeline(dir, chain)
  await waitState(b.pipeline, 0, 'CommitWait')
  assert.ok(b.pipeline.store.get(0).commitMsg)
  await b.stop()

  chain.stalled = false
  chain.stallOnPush = undefined
  const c = await startPipeline(dir, chain)
  try {
    await waitState(c.pipeline, 0, 'Proving')
    assert.equal(c.pipeline.store.get(0).preCommitMsg, cid)
    assert.equal(chain.pushed(MinerMethod.PreCommitSectorBatch2).length, 1)
    assert.equal(chain.pushed(MinerMethod.ProveCommitSectors3).length, 1)
  } finally {
    await c.stop()
    chain.close()
  }
})

test('a PreCommit that fails on chain goes to PreCommitFailed, retries after its backoff and sends again', async () => {
  const chain = new FakeChain()
  chain.failMethod.set(MinerMethod.PreCommitSectorBatch2, 16)
  const r = await startPipeline(freshDir(), chain)
  try {
    await r.pipeline.pledge()
    await waitState(r.pipeline, 0, 'Proving')
    const s = r.pipeline.store.get(0)
    assert.equal(s.retries, 1)
    assert.match(s.lastErr, /precommit message .* failed: exit/)
    assert.equal(chain.pushed(MinerMethod.PreCommitSectorBatch2).length, 2)
    const kinds = r.pipeline.store.log(0).map((l) => l.kind)
    assert.ok(kinds.includes('event;sealing.SectorChainPreCommitFailed'))
    assert.ok(kinds.includes('event;sealing.SectorRetryPreCommit'))
  } finally {
    await r.stop()
    chain.close()
  }
})

test('a ProveCommit the actor refuses sends the sector back to compute its proof, then commits again', async () => {
  const chain = new FakeChain()
  chain.failMethod.set(MinerMethod.ProveCommitSectors3, 16)
  const r = await startPipeline(freshDir(), chain)
  try {
    await r.pipeline.pledge()
    await waitState(r.pipeline, 0, 'Proving')
    const kinds = r.pipeline.store.log(0).map((l) => l.kind.replace('event;sealing.', ''))
    const from = kinds.indexOf('SectorCommitFailed')
    assert.deepEqual(kinds.slice(from, from + 4), [
      'SectorCommitFailed',
      'SectorRetryComputeProof',
      'SectorCommitted',
      'SectorCommitSubmitted',
    ])
    assert.equal(chain.pushed(MinerMethod.ProveCommitSectors3).length, 2)
    assert.equal(chain.pushed(MinerMethod.PreCommitSectorBatch2).length, 1)
  } finally {
    await r.stop()
    chain.close()
  }
})
