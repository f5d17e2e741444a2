/**
 * StateCall (Lotus `stmgr.Call`): applies a message on a throwaway VM over the state after a tipset, at the
 * next epoch, as an implicit message (any sender, no checks, nothing charged; gas limit the block's when unset;
 * nonce the sender's). Gas estimation applies messages for real on the same kind of VM (`applyOnState`).
 * Nothing is written to the chain state: the VM's changes are never flushed.
 */
import { type Message, messageCid } from '../../core/message.ts'
import type { CID } from '../../core/cid.ts'
import type { TipSet } from '../../core/tipset.ts'
import { Vm } from '../vm/vm.ts'
import type { ApplyRet } from '../vm/vm-types.ts'
import type { StateManager } from './state-manager.ts'

/** Lotus InvocResult, less the execution trace. */
export interface InvocResult {
  msgCid: CID
  msg: Message
  ret: ApplyRet
  durationNs: bigint
}

/** Applies `msg` (pending messages `before` first, e.g. the sender's mpool queue) after `ts`. */
export async function applyOnState(
  sm: StateManager,
  ts: TipSet,
  msg: Message,
  opts: { baseFee: bigint; before?: readonly Message[] },
): Promise<ApplyRet> {
  const { stateRoot } = await sm.tipSetState(ts)
  const vm = await Vm.create(await sm.vmDepsFor(ts), stateRoot, {
    epoch: ts.height + 1,
    baseFee: opts.baseFee,
    policy: sm.policy,
  })
  for (const m of opts.before ?? []) await vm.applyMessage(m)
  return vm.applyMessage(msg)
}

export async function stateCall(sm: StateManager, msg: Message, ts: TipSet): Promise<InvocResult> {
  const start = process.hrtime.bigint()
  const from = await sm.getActor(msg.from, ts)
  const m: Message = {
    ...msg,
    gasLimit: msg.gasLimit === 0n ? sm.opts.profile.blockGasLimit : msg.gasLimit,
    gasFeeCap: 0n,
    gasPremium: 0n,
    nonce: from?.nonce ?? msg.nonce,
  }
  // Lotus `stmgr.Call` applies it as an implicit message: no sender checks, no gas charged, any `from`.
  const { stateRoot } = await sm.tipSetState(ts)
  const vm = await Vm.create(await sm.vmDepsFor(ts), stateRoot, {
    epoch: ts.height + 1,
    baseFee: 0n,
    policy: sm.policy,
  })
  const ret = await vm.applyImplicitMessage(m)
  return { msgCid: messageCid(msg), msg: m, ret, durationNs: process.hrtime.bigint() - start }
}
