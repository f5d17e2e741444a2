/** State, Mpool and Gas methods over the daemon's state manager and message pool. */
import type { MessageSendSpec } from '../../api/full/chain-codecs.ts'
import type { GasMethods, MpoolMethods } from '../../api/full/mpool.ts'
import type { StateMethods } from '../../api/full/state.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import { type Address, Protocol } from '../../core/address.ts'
import type { CID } from '../../core/cid.ts'
import type { Message } from '../../core/message.ts'
import type { TipSet } from '../../core/tipset.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { stateCall } from '../../chain/state-manager/call.ts'
import { DEFAULT_MAX_FEE, estimateMessageGas, type GasEstimateDeps } from '../../chain/state-manager/gas-estimate.ts'
import type { MsgLookup } from '../../chain/state-manager/state-manager.ts'
import { accountKey } from '../../chain/actors/queries.ts'
import { InvalidError, NotFoundError } from '../../util/errors.ts'
import type { LocalWallet } from '../../wallet/wallet.ts'
import type { ChainNode } from '../chain-node.ts'
import { readActorState } from './actor-state.ts'
import type { ChainAccess } from './chain.ts'
import type { StateReader } from './wallet.ts'

const notFound = (a: Address) => new NotFoundError(`resolution lookup failed (${a}): actor not found`)

const lookupJson = (l: MsgLookup) => ({
  message: l.message,
  receipt: l.receipt,
  returnDec: null,
  tipSet: l.tipSet,
  height: BigInt(l.height),
})

/** The chain state as the wallet handlers read it: the state after the tipset (empty key: the head). */
export function chainStateReader(node: ChainAccess): StateReader {
  return {
    getActor: async (a, tsk) => {
      const n = node()
      return n.sm.getActor(a, await n.sm.tipSet(tsk))
    },
    lookupId: async (a, tsk) => {
      const n = node()
      return n.sm.lookupId(a, await n.sm.tipSet(tsk))
    },
  }
}

function gasDeps(n: ChainNode): GasEstimateDeps {
  return {
    sm: n.sm,
    pending: (from) =>
      n.mpool
        .pending()
        .filter((s) => s.message.from.equals(from))
        .sort((a, b) => (a.message.nonce < b.message.nonce ? -1 : 1))
        .map((s) => s.message),
    nonce: (from) => n.mpool.getNonce(from),
  }
}

function estimate(n: ChainNode, msg: Message, spec: MessageSendSpec | null, ts: TipSet): Promise<Message> {
  const maxFee = spec && spec.maxFee !== 0n ? spec.maxFee : DEFAULT_MAX_FEE
  return estimateMessageGas(gasDeps(n), msg, ts, maxFee)
}

export function stateHandlers(
  node: ChainAccess,
): Omit<Handlers<typeof StateMethods>, 'StateGetActor' | 'StateLookupID'> {
  return {
    StateAccountKey: async (_ctx, a, tsk) => {
      const n = node()
      const tree = await n.sm.stateTree(await n.sm.tipSet(tsk))
      if (a.protocol !== Protocol.ID && a.protocol !== Protocol.Actor) return a
      if (!(await tree.getActor(a))) throw notFound(a)
      return accountKey(tree, a)
    },
    StateReadState: async (_ctx, a, tsk) => {
      const n = node()
      return readActorState(await n.sm.stateTree(await n.sm.tipSet(tsk)), a)
    },
    StateMinerPower: async (_ctx, a, tsk) => {
      const n = node()
      const view = n.sm.stateView(await n.sm.tipSet(tsk))
      return {
        minerPower: (await view.minerPower(a)) ?? { rawBytePower: 0n, qualityAdjPower: 0n },
        totalPower: await view.totalPower(),
        hasMinPower: await view.minerEligible(a),
      }
    },
    StateNetworkName: () => {
      const n = node()
      return n.sm.networkName(n.sm.head())
    },
    StateSearchMsg: async (_ctx, _tsk, cid) => {
      const r = await node().sm.searchMsg(cid)
      return r ? lookupJson(r) : null
    },
    StateWaitMsg: async (ctx, cid, confidence) =>
      lookupJson(await node().sm.waitMsg(cid, Number(confidence), ctx.signal)),
    StateCall: async (_ctx, msg, tsk) => {
      const n = node()
      const r = await stateCall(n.sm, msg, await n.sm.tipSet(tsk))
      const g = r.ret.gasOutputs
      return {
        msgCid: r.msgCid,
        msg: r.msg,
        msgRct: r.ret.receipt,
        gasCost: {
          message: r.msgCid,
          gasUsed: r.ret.receipt.gasUsed,
          baseFeeBurn: g.baseFeeBurn,
          overEstimationBurn: g.overEstimationBurn,
          minerPenalty: g.minerPenalty,
          minerTip: g.minerTip,
          refund: g.refund,
          totalCost: g.baseFeeBurn + g.overEstimationBurn + g.minerTip,
        },
        error: r.ret.error ?? '',
        duration: r.durationNs,
      }
    },
  }
}

/** MpoolPushMessage: checks, estimates gas, takes the next nonce, signs with the wallet and pushes. */
async function pushMessage(n: ChainNode, wallet: LocalWallet, msg: Message, spec: MessageSendSpec | null) {
  if (msg.nonce !== 0n) throw new InvalidError(`MpoolPushMessage expects message nonce to be 0, was ${msg.nonce}`)
  const head = n.sm.head()
  const tree = await n.sm.stateTree(head)
  const key = msg.from.protocol === Protocol.ID ? await accountKey(tree, msg.from) : msg.from
  if (!wallet.has(key)) throw new NotFoundError(`the wallet has no key for ${msg.from}`)
  const filled = await estimate(n, msg, spec, head)
  const balance = (await tree.getActor(msg.from))?.balance ?? 0n
  const need = filled.value + filled.gasFeeCap * filled.gasLimit
  if (balance < need) throw new InvalidError(`mpool push: not enough funds: ${balance} < ${need}`)
  const signed = wallet.signMessage(key, { ...filled, nonce: await n.mpool.getNonce(msg.from) })
  await n.pushLocal(signed)
  return signed
}

/** Runs `fn` after every earlier call for the same key (Lotus's per-sender push lock in MpoolPushMessage). */
function keyedSerial() {
  const tails = new Map<string, Promise<unknown>>()
  return <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).then(fn, fn)
    const tail = run.catch(() => undefined)
    tails.set(key, tail)
    void tail.then(() => tails.get(key) === tail && tails.delete(key))
    return run
  }
}

export function mpoolHandlers(
  node: ChainAccess,
  wallet: LocalWallet,
): Handlers<typeof MpoolMethods> & Handlers<typeof GasMethods> {
  const perSender = keyedSerial()
  return {
    MpoolPush: (_ctx, sm): Promise<CID> => node().pushLocal(sm),
    MpoolPushMessage: (_ctx, msg, spec) => perSender(msg.from.key, () => pushMessage(node(), wallet, msg, spec)),
    MpoolPending: () => node().mpool.pending(),
    MpoolGetNonce: (_ctx, a) => node().mpool.getNonce(a),
    GasEstimateMessageGas: async (_ctx, msg, spec, tsk) => {
      const n = node()
      return estimate(n, msg, spec, await n.sm.tipSet(tsk ?? new TipSetKey([])))
    },
  }
}
