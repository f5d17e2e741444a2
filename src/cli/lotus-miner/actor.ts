/**
 * `lotus-miner actor control list | set` and `actor withdraw [amount]` (Lotus cmd/lotus-miner/actor.go):
 * the miner's owner, worker and control addresses with what each is used for and its balance; a new set of
 * control addresses (ChangeWorkerAddress from the owner, the worker unchanged); a withdrawal of available
 * funds to the owner.
 */
import { Address, Protocol } from '../../core/address.ts'
import { decode, encode } from '../../core/codec.ts'
import {
  ChangeWorkerAddressParamsCodec,
  WithdrawBalanceParamsCodec,
  WithdrawBalanceReturnCodec,
} from '../../core/miner-control-params.ts'
import { messageToPush } from '../../core/message.ts'
import { signedMessageCid } from '../../core/signed-message.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { formatFil, parseFil } from '../../core/token.ts'
import { type MinerInfoView, minerInfoFromJson } from '../../miner/proving/chain-view.ts'
import { MinerMethod } from '../../miner/proving/messages.ts'
import type { MinerConfig } from '../../miner/repo/config.ts'
import { bool, type Command } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { type FullApi, withMinerAndChain } from './proving-api.ts'
import { alignRows } from './proving-format.ts'

const HEAD = TipSetKey.EMPTY
type Addresses = MinerConfig['Addresses']

export interface ControlRow {
  name: string
  id: string
  key: string
  use: string[]
  balance: bigint
}

/** What each address is used for (Lotus ActorControlList): controls do PoSt unless configured for another use. */
export function controlUses(mi: MinerInfoView, cfg: Addresses, idOf: (a: string) => string): Map<string, string[]> {
  const uses = new Map<string, string[]>()
  const add = (a: string, u: string) => uses.set(a, [...(uses.get(a) ?? []), u])
  const lists: [keyof Addresses, string][] = [
    ['PreCommitControl', 'precommit'],
    ['CommitControl', 'commit'],
    ['TerminateControl', 'terminate'],
    ['DealPublishControl', 'deals'],
  ]
  const configured = new Set<string>()
  for (const [k, use] of lists)
    for (const a of cfg[k] as string[]) {
      configured.add(idOf(a))
      add(idOf(a), use)
    }
  const post = mi.controlAddresses.map(String).filter((a) => !configured.has(a))
  for (const a of post) add(a, 'post')
  const worker = mi.worker.toString()
  if (post.length === 0 || !cfg.DisableWorkerFallback) add(worker, 'other')
  if (post.length === 0) add(worker, 'post')
  return uses
}

export function formatControlList(rows: readonly ControlRow[]): string {
  const out = [['name', 'ID', 'key', 'use', 'balance']]
  for (const r of rows) out.push([r.name, r.id, r.key, r.use.join(' '), formatFil(r.balance)])
  return alignRows(out)
}

async function keyOf(full: FullApi, a: Address): Promise<string> {
  return (await full.StateAccountKey(a, HEAD)).toString()
}

async function push(full: FullApi, from: Address, to: Address, method: number, params: Uint8Array) {
  const sm = await full.MpoolPushMessage(messageToPush({ from, to, method, params }), null)
  return signedMessageCid(sm)
}

const listCmd: Command = {
  name: 'list',
  usage: 'Get currently set control addresses',
  action: (ctx) =>
    withMinerAndChain(ctx, async ({ miner, full, maddr }) => {
      const mi = minerInfoFromJson(await full.StateMinerInfo(maddr, HEAD))
      const cfg = (await miner.ActorAddressConfig()) as Addresses
      const ids = new Map<string, string>()
      for (const k of ['PreCommitControl', 'CommitControl', 'TerminateControl', 'DealPublishControl'] as const)
        for (const a of cfg[k]) ids.set(a, (await full.StateLookupID(Address.parse(a), HEAD)).toString())
      const uses = controlUses(mi, cfg, (a) => ids.get(a) ?? a)
      const rows: ControlRow[] = []
      const named: [string, Address][] = [
        ['owner', mi.owner],
        ['worker', mi.worker],
        ...mi.controlAddresses.map((a, i) => [`control-${i}`, a] as [string, Address]),
      ]
      for (const [name, a] of named) {
        const key = await keyOf(full, a)
        const balance = await full.WalletBalance(Address.parse(key))
        rows.push({ name, id: a.toString(), key, use: uses.get(a.toString()) ?? [], balance })
      }
      ctx.stdout.write(formatControlList(rows))
    }),
}

const setCmd: Command = {
  name: 'set',
  usage: 'Set control address(-es)',
  argsUsage: '[...address]',
  flags: [{ name: 'really-do-it', kind: 'bool', usage: 'Actually send transaction performing the action' }],
  action: (ctx) =>
    withMinerAndChain(ctx, async ({ full, maddr }) => {
      const mi = minerInfoFromJson(await full.StateMinerInfo(maddr, HEAD))
      const controls: Address[] = []
      for (const s of ctx.args) {
        const id = await full.StateLookupID(Address.parse(s), HEAD)
        const key = await full.StateAccountKey(id, HEAD)
        if (key.protocol !== Protocol.SECP256K1 && key.protocol !== Protocol.BLS)
          throw new CliError(`control address ${s} is not a key (secp256k1 or BLS) account`)
        controls.push(id)
      }
      const same =
        controls.length === mi.controlAddresses.length && controls.every((a, i) => a.equals(mi.controlAddresses[i]!))
      if (same) {
        ctx.stdout.write('No changes\n')
        return
      }
      if (!bool(ctx, 'really-do-it')) {
        ctx.stdout.write('Pass --really-do-it to actually execute this action\n')
        return
      }
      const params = encode(ChangeWorkerAddressParamsCodec, { newWorker: mi.worker, newControlAddresses: controls })
      const cid = await push(full, mi.owner, maddr, MinerMethod.ChangeWorkerAddress, params)
      ctx.stdout.write(`Message CID: ${cid}\n`)
    }),
}

const withdrawCmd: Command = {
  name: 'withdraw',
  usage: 'withdraw available balance to beneficiary',
  argsUsage: '[amount (FIL)]',
  flags: [{ name: 'confidence', kind: 'int', usage: 'number of block confirmations to wait for', default: 1 }],
  action: (ctx) =>
    withMinerAndChain(ctx, async ({ full, maddr }) => {
      const mi = minerInfoFromJson(await full.StateMinerInfo(maddr, HEAD))
      const available = await full.StateMinerAvailableBalance(maddr, HEAD)
      let amount = available
      if (ctx.args.length > 0) {
        amount = parseFil(ctx.args[0]!)
        if (amount > available)
          throw new CliError(
            `can't withdraw more funds than available; requested: ${formatFil(amount)}; available: ${formatFil(available)}`,
          )
      }
      const params = encode(WithdrawBalanceParamsCodec, { amountRequested: amount })
      const cid = await push(full, mi.owner, maddr, MinerMethod.WithdrawBalance, params)
      const confidence = Number(ctx.flags.confidence ?? 1)
      ctx.stdout.write(`Requested withdrawal in message ${cid}\nwaiting for ${confidence} epochs for confirmation..\n`)
      const r = await full.StateWaitMsg(cid, BigInt(confidence), -1n, true)
      if (r.receipt.exitCode !== 0) throw new CliError(`withdrawal failed: exit code ${r.receipt.exitCode}`)
      const got = decode(WithdrawBalanceReturnCodec, r.receipt.return)
      ctx.stdout.write(`Successfully withdrew ${formatFil(got)}\n`)
    }),
}

export const actorCmd: Command = {
  name: 'actor',
  usage: 'manipulate the miner actor',
  subcommands: [{ name: 'control', usage: 'Manage control addresses', subcommands: [listCmd, setCmd] }, withdrawCmd],
}
