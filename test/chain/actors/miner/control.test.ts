import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decode, encode } from '../../../../src/core/codec.ts'
import { ExitCode } from '../../../../src/core/exit-code.ts'
import { FIL_PRECISION } from '../../../../src/core/token.ts'
import { utf8 } from '../../../../src/util/bytes.ts'
import { MinerMethod } from '../../../../src/chain/actors/miner/actor.ts'
import {
  assignProvingPeriodOffset,
  currentProvingPeriodStart,
} from '../../../../src/chain/actors/miner/deadline-info.ts'
import { DEVNET_MINER_POLICY } from '../../../../src/chain/actors/miner/policy.ts'
import {
  availableBalanceAt,
  minerInfo,
  preCommitInfo as readPreCommit,
  provingDeadline,
} from '../../../../src/chain/actors/miner/queries.ts'
import {
  ChangeOwnerAddressParamsCodec,
  ChangePeerIDParamsCodec,
  ChangeWorkerAddressParamsCodec,
  WithdrawBalanceParamsCodec,
  WithdrawBalanceReturnCodec,
} from '../../../../src/chain/actors/miner/types.ts'
import {
  PreCommitSectorParamsCodec,
  ProveCommitSectorParamsCodec,
} from '../../../../src/chain/actors/miner/types-sectors.ts'
import { rewardMessage } from '../../../../src/chain/vm/implicit-messages.ts'
import { Bench } from './harness.ts'
import { preCommitInfo, preCommitParams } from './flow.ts'

const withdraw = (amountRequested: bigint) => encode(WithdrawBalanceParamsCodec, { amountRequested })

describe('StorageMiner: control, funds and cleanup', () => {
  it('assigns the proving period from the address and epoch (devnet: 48 deadlines)', async () => {
    const b = await Bench.create(DEVNET_MINER_POLICY, 1000)
    const miner = await b.createMiner(0)
    const st = await b.minerState(miner)
    const offset = assignProvingPeriodOffset(DEVNET_MINER_POLICY, miner, 1000)
    assert.equal(st.provingPeriodStart, currentProvingPeriodStart(DEVNET_MINER_POLICY, 1000, offset))
    assert.ok(st.provingPeriodStart <= 1000 && st.provingPeriodStart > 1000 - 480)
    const dl = await provingDeadline(b.vm.deps.store, await b.head(miner), 1000)
    assert.equal(dl.index, st.currentDeadline)
    assert.equal(dl.open, st.provingPeriodStart + dl.index * 10)
    assert.equal(dl.close - dl.open, 10)
    assert.equal(dl.challenge, dl.open - 2)
    assert.equal(dl.faultCutoff, dl.open - 3)
    assert.equal(dl.wpostPeriodDeadlines, 48)
  })

  it('WithdrawBalance: owner only, capped at the available balance', async () => {
    const b = await Bench.create()
    const miner = await b.createMiner(0, 50n * FIL_PRECISION)
    await b.fails(1, miner, MinerMethod.WithdrawBalance, withdraw(1n), ExitCode.ErrForbidden)
    await b.fails(0, miner, MinerMethod.WithdrawBalance, withdraw(-1n), ExitCode.ErrIllegalArgument)
    const owner = b.s.ids[0]!
    const before = await b.balance(owner)
    const r = await b.send(0, miner, MinerMethod.WithdrawBalance, withdraw(10n * FIL_PRECISION))
    assert.equal(r.receipt.exitCode, 0, r.error)
    assert.equal(decode(WithdrawBalanceReturnCodec, r.receipt.return), 10n * FIL_PRECISION)
    const g = r.gasOutputs
    assert.equal(
      await b.balance(owner),
      before + 10n * FIL_PRECISION - g.minerTip - g.baseFeeBurn - g.overEstimationBurn,
    )
    // With a precommit deposit locked, only the rest can be withdrawn.
    await b.ok(0, miner, MinerMethod.PreCommitSectorBatch2, preCommitParams([preCommitInfo(b, 1)]))
    const st = await b.minerState(miner)
    const available = (await b.balance(miner)) - st.preCommitDeposits
    const head = await b.head(miner)
    assert.equal(await availableBalanceAt(b.vm.deps.store, head, await b.balance(miner), b.epoch), available)
    const got = await b.ok(
      0,
      miner,
      MinerMethod.WithdrawBalance,
      withdraw(1000n * FIL_PRECISION),
      WithdrawBalanceReturnCodec,
    )
    assert.equal(got, available)
    assert.equal(await b.balance(miner), st.preCommitDeposits)
    await b.assertConserved()
  })

  it('ChangeWorkerAddress: control addresses at once, the worker after the delay and a confirmation', async () => {
    const b = await Bench.create()
    const miner = await b.createMiner(0)
    const [a0, a1, a2] = [b.s.ids[0]!, b.s.ids[1]!, b.s.ids[2]!]
    const change = encode(ChangeWorkerAddressParamsCodec, { newWorker: b.s.keys[1]!, newControlAddresses: [a2] })
    await b.fails(1, miner, MinerMethod.ChangeWorkerAddress, change, ExitCode.ErrForbidden)
    const changedAt = b.epoch
    await b.ok(0, miner, MinerMethod.ChangeWorkerAddress, change)
    let info = await minerInfo(b.vm.deps.store, await b.head(miner))
    assert.deepEqual(info.controlAddresses, [a2])
    assert.equal(info.worker.toString(), a0.toString())
    assert.deepEqual(info.pendingWorkerKey, { newWorker: a1, effectiveAt: changedAt + b.policy.workerKeyChangeDelay })
    // Too early: accepted, nothing changes. Not the owner: refused.
    await b.ok(0, miner, MinerMethod.ConfirmChangeWorkerAddress, new Uint8Array(0))
    await b.fails(2, miner, MinerMethod.ConfirmChangeWorkerAddress, new Uint8Array(0), ExitCode.ErrForbidden)
    assert.equal((await minerInfo(b.vm.deps.store, await b.head(miner))).worker.toString(), a0.toString())
    await b.advanceTo(info.pendingWorkerKey!.effectiveAt)
    await b.ok(0, miner, MinerMethod.ConfirmChangeWorkerAddress, new Uint8Array(0))
    info = await minerInfo(b.vm.deps.store, await b.head(miner))
    assert.equal(info.worker.toString(), a1.toString())
    assert.equal(info.pendingWorkerKey, null)
    // The new worker and a control address may change the peer ID; others may not.
    await b.ok(1, miner, MinerMethod.ChangePeerID, encode(ChangePeerIDParamsCodec, { newId: utf8('new-peer') }))
    assert.deepEqual((await minerInfo(b.vm.deps.store, await b.head(miner))).peerId, utf8('new-peer'))
    const tooLong = encode(ChangePeerIDParamsCodec, { newId: new Uint8Array(129) })
    await b.fails(1, miner, MinerMethod.ChangePeerID, tooLong, ExitCode.ErrIllegalArgument)
    await b.assertConserved()
  })

  it('ChangeOwnerAddress: proposed by the owner, confirmed by the new owner', async () => {
    const b = await Bench.create()
    const miner = await b.createMiner(0)
    const a1 = b.s.ids[1]!
    const p = encode(ChangeOwnerAddressParamsCodec, a1)
    await b.fails(1, miner, MinerMethod.ChangeOwnerAddress, p, ExitCode.ErrForbidden)
    await b.ok(0, miner, MinerMethod.ChangeOwnerAddress, p)
    assert.equal((await minerInfo(b.vm.deps.store, await b.head(miner))).pendingOwnerAddress?.toString(), a1.toString())
    await b.ok(1, miner, MinerMethod.ChangeOwnerAddress, p)
    const info = await minerInfo(b.vm.deps.store, await b.head(miner))
    assert.equal(info.owner.toString(), a1.toString())
    assert.equal(info.beneficiary.toString(), a1.toString())
    assert.equal(info.pendingOwnerAddress, null)
  })

  it('an expired precommit is removed and its deposit burned; its number stays allocated', async () => {
    const b = await Bench.create()
    const miner = await b.createMiner(0)
    await b.ok(0, miner, MinerMethod.PreCommitSectorBatch2, preCommitParams([preCommitInfo(b, 4)]))
    const deposit = (await b.minerState(miner)).preCommitDeposits
    assert.ok(deposit > 0n)
    const burnt0 = await b.burnt()
    await b.advanceTo(b.epoch + b.policy.maxProveCommitDuration + b.policy.expiredPreCommitCleanUpDelay + 1 + 11)
    const st = await b.minerState(miner)
    assert.equal(st.preCommitDeposits, 0n)
    assert.equal(await readPreCommit(b.vm.deps.store, await b.head(miner), 4), undefined)
    assert.equal((await b.burnt()) - burnt0, deposit)
    assert.ok(st.allocatedSectors.has(4))
    await b.fails(
      0,
      miner,
      MinerMethod.PreCommitSectorBatch2,
      preCommitParams([preCommitInfo(b, 4)]),
      ExitCode.ErrIllegalArgument,
    )
    await b.assertConserved()
  })

  it('legacy PreCommitSector (6) and ProveCommitSector (7)', async () => {
    const b = await Bench.create()
    const miner = await b.createMiner(0)
    const pc = preCommitInfo(b, 9)
    const legacy = encode(PreCommitSectorParamsCodec, {
      ...pc,
      replaceCapacity: false,
      replaceSectorDeadline: 0n,
      replaceSectorPartition: 0n,
      replaceSectorNumber: 0n,
    })
    await b.fails(
      0,
      miner,
      MinerMethod.PreCommitSector,
      encode(PreCommitSectorParamsCodec, {
        ...pc,
        replaceCapacity: true,
        replaceSectorDeadline: 0n,
        replaceSectorPartition: 0n,
        replaceSectorNumber: 0n,
      }),
      ExitCode.ErrIllegalArgument,
    )
    await b.ok(0, miner, MinerMethod.PreCommitSector, legacy)
    await b.advanceTo(b.epoch + b.policy.preCommitChallengeDelay + 1)
    b.verifier.acceptSeal = false
    const prove = encode(ProveCommitSectorParamsCodec, { sectorNumber: 9, proof: utf8('p') })
    await b.fails(0, miner, MinerMethod.ProveCommitSector, prove, ExitCode.ErrIllegalArgument)
    b.verifier.acceptSeal = true
    await b.ok(0, miner, MinerMethod.ProveCommitSector, prove)
    assert.equal((await b.minerState(miner)).preCommitDeposits, 0n)
    await b.assertConserved()
  })

  it('ApplyRewards locks 75% in vesting; a penalty is burned from it', async () => {
    const b = await Bench.create()
    const miner = await b.createMiner(0)
    const reward = (36n * FIL_PRECISION) / 5n
    const r = await b.vm.applyImplicitMessage(
      rewardMessage(b.epoch, { miner, penalty: 0n, gasReward: 0n, winCount: 1 }),
    )
    assert.equal(r.receipt.exitCode, 0, r.error)
    let st = await b.minerState(miner)
    assert.equal(st.lockedFunds, (reward * 3n) / 4n)
    assert.equal(
      st.vestingFunds.reduce((s, v) => s + v.amount, 0n),
      st.lockedFunds,
    )
    assert.equal(st.vestingFunds.length, 180)
    assert.equal((await b.claim(miner)).st.totalPledgeCollateral, st.lockedFunds)
    const burnt0 = await b.burnt()
    const penalty = FIL_PRECISION
    const r2 = await b.vm.applyImplicitMessage(
      rewardMessage(b.epoch + 1, { miner, penalty, gasReward: 0n, winCount: 1 }),
    )
    assert.equal(r2.receipt.exitCode, 0, r2.error)
    st = await b.minerState(miner)
    assert.equal((await b.burnt()) - burnt0, penalty)
    assert.equal(st.lockedFunds, (reward * 3n) / 2n - penalty)
    assert.equal(st.feeDebt, 0n)
    assert.equal((await b.claim(miner)).st.totalPledgeCollateral, st.lockedFunds)
    await b.assertConserved()
  })
})
