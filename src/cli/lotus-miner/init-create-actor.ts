/**
 * `lotus-miner init` without `--actor`: creates the miner actor on chain through the daemon, as Lotus's
 * createStorageMiner (cmd/lotus-miner/init.go). Owner = `--owner` or the daemon wallet's default address;
 * worker = `--worker` or a new BLS key made in the daemon's wallet. A worker (or owner) with no actor yet
 * gets one from a zero-value send first; CreateMiner (power actor method 2, params CreateMinerParams with
 * the window PoSt proof of `--sector-size` and the miner's libp2p peer ID) is pushed right after it from
 * the same sender, so it executes after the account exists (nonce order) without waiting for a block in
 * between. Then StateWaitMsg; the returned ID address is the miner's actor.
 */
import { base58btc } from 'multiformats/bases/base58'
import type { LockedRepo } from '../../api/repo/fs-repo.ts'
import { PowerMethod } from '../../chain/actors/power/actor.ts'
import { CreateMinerParamsCodec, CreateMinerReturnCodec } from '../../chain/actors/power/types.ts'
import { STORAGE_POWER_ACTOR_ADDR } from '../../chain/actors/singletons.ts'
import { Address } from '../../core/address.ts'
import { decode, encode } from '../../core/codec.ts'
import { type Message, messageToPush } from '../../core/message.ts'
import { signedMessageCid } from '../../core/signed-message.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { loadHostPeerId } from '../../daemon/host-key.ts'
import { SEAL_PROOFS } from '../../proofs/registered-proof.ts'
import { errorMessage } from '../../util/errors.ts'
import { FsKeyStore } from '../../wallet/keystore.ts'
import type { CommandContext, Flag } from '../framework/command.ts'
import { str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { type FullApi, withFullNode } from './proving-api.ts'
import { ramInBytes } from './size.ts'

/** Lotus build.MessageConfidence: tipsets on top of the CreateMiner receipt before it counts. */
export const MESSAGE_CONFIDENCE = 5n
/** StateWaitMsg's lookback limit: none (Lotus api.LookbackNoLimit). */
const LOOKBACK_NO_LIMIT = -1n

export const CREATE_ACTOR_FLAGS: readonly Flag[] = [
  { name: 'owner', kind: 'string', usage: 'owner key to use (default: the daemon wallet default address)' },
  { name: 'worker', kind: 'string', usage: 'worker key to use (default: a new BLS key in the daemon wallet)' },
  { name: 'sector-size', kind: 'string', usage: 'specify sector size to use', default: '2KiB' },
]

/** The window PoSt proof (V1_1) for a sector size, from the registered-proof table. */
export function windowPoStProofOf(sectorSize: number): number {
  for (const p of SEAL_PROOFS.values())
    if (p.apiVersion === '1.1' && p.feature === '' && p.sectorSize === sectorSize) return p.windowPoStV1_1
  throw new CliError(`sector size ${sectorSize} is not supported (2KiB, 8MiB, 512MiB, 32GiB, 64GiB)`)
}

export interface CreateActorRequest {
  readonly owner?: Address
  readonly worker?: Address
  readonly sectorSize: number
  /** The miner's libp2p peer ID (`12D3KooW…`). */
  readonly peerId: string
}

const address = (s: string, flag: string) => {
  try {
    return Address.parse(s)
  } catch (err) {
    throw new CliError(`${flag}: ${errorMessage(err)}`)
  }
}

/** The CreateMiner message (unsigned, gas left to the daemon) for the request. */
export function createMinerMessage(from: Address, owner: Address, worker: Address, req: CreateActorRequest): Message {
  return messageToPush({
    from,
    to: STORAGE_POWER_ACTOR_ADDR,
    method: PowerMethod.CreateMiner,
    params: encode(CreateMinerParamsCodec, {
      owner,
      worker,
      windowPoStProofType: windowPoStProofOf(req.sectorSize),
      peer: base58btc.baseDecode(req.peerId),
      multiaddrs: [],
    }),
  })
}

/** `p`, or a CliError naming `what` when `signal` aborts first (SIGINT/SIGTERM while waiting). */
function unlessAborted<T>(p: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  if (signal.aborted) return Promise.reject(new CliError(`interrupted ${what}`))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CliError(`interrupted ${what}`))
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** Creates the miner actor; `say` prints progress. Returns its ID address. */
export async function createMinerActor(
  api: FullApi,
  req: CreateActorRequest,
  say: (line: string) => void,
  signal: AbortSignal = new AbortController().signal,
) {
  const owner = req.owner ?? (await api.WalletDefaultAddress())
  const worker = req.worker ?? (await api.WalletNew('bls'))
  try {
    await api.StateLookupID(owner, TipSetKey.EMPTY)
  } catch (err) {
    throw new CliError(`owner ${owner} must exist on chain: ${errorMessage(err)}`)
  }
  const exists = async (a: Address) =>
    api.StateLookupID(a, TipSetKey.EMPTY).then(
      () => true,
      () => false,
    )
  if (!(await exists(worker))) {
    const send: Message = {
      ...{ version: 0, from: owner, to: worker, nonce: 0n, value: 0n, method: 0n, params: new Uint8Array() },
      ...{ gasLimit: 0n, gasFeeCap: 0n, gasPremium: 0n },
    }
    const sm = await api.MpoolPushMessage(send, null)
    say(`Initializing worker account ${worker}, message: ${signedMessageCid(sm)}`)
  }
  const signed = await api.MpoolPushMessage(createMinerMessage(owner, owner, worker, req), null)
  const cid = signedMessageCid(signed)
  say(`Pushed CreateMiner message: ${cid}`)
  say('Waiting for confirmation')
  const lookup = await unlessAborted(
    api.StateWaitMsg(cid, MESSAGE_CONFIDENCE, LOOKBACK_NO_LIMIT, true),
    signal,
    `while waiting for the CreateMiner message ${cid}: once it executes, \`lotus state wait-msg ${cid}\` shows the new miner; then run lotus-miner init --actor <its ID address>`,
  )
  if (lookup.receipt.exitCode !== 0) throw new CliError(`create miner failed: exit code ${lookup.receipt.exitCode}`)
  const ret = decode(CreateMinerReturnCodec, lookup.receipt.return)
  say(`New miners address is: ${ret.idAddress} (${ret.robustAddress})`)
  return ret.idAddress
}

/** What `lotus-miner init` uses when --actor is absent: the checked flags, then the actor. */
export interface ActorCreator {
  create(repo: LockedRepo): Promise<Address>
}

/** Checks the flags and that the daemon answers (before any repo is made); `create` then makes the actor. */
export async function actorCreator(ctx: CommandContext): Promise<ActorCreator> {
  const req = {
    owner: str(ctx, 'owner') ? address(str(ctx, 'owner'), '--owner') : undefined,
    worker: str(ctx, 'worker') ? address(str(ctx, 'worker'), '--worker') : undefined,
    sectorSize: ramInBytes(str(ctx, 'sector-size') || '2KiB', '--sector-size'),
  }
  windowPoStProofOf(req.sectorSize)
  try {
    await withFullNode(ctx, (api) => api.Version())
  } catch (err) {
    throw new CliError(
      `creating a miner actor needs the daemon (${errorMessage(err)}), or pass --actor <address> of an existing miner`,
    )
  }
  const say = (line: string) => ctx.stderr.write(`${line}\n`)
  return {
    create: (repo) => {
      const peerId = loadHostPeerId(new FsKeyStore(repo.keystorePath))
      return withFullNode(ctx, (api) => createMinerActor(api, { ...req, peerId }, say, ctx.signal))
    },
  }
}
