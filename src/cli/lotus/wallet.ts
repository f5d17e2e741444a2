/** `lotus wallet …` (lotus cli/wallet.go): the same commands, flags and output. */
import { readFileSync } from 'node:fs'
import { FullNodeMethods } from '../../api/full/index.ts'
import { Address } from '../../core/address.ts'
import { SignatureCodec } from '../../core/signature.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { formatFil } from '../../core/token.ts'
import { FULLNODE_REPO } from '../../daemon/config.ts'
import { fromHex, toHex } from '../../util/bytes.ts'
import { errorMessage } from '../../util/errors.ts'
import { withApi } from '../framework/api.ts'
import { bool, type Command, type CommandContext, str } from '../framework/command.ts'
import { CliError, incorrectNumArgs } from '../framework/errors.ts'
import { TableWriter } from '../framework/table.ts'
import { frc0102, readKey, writeKey } from './wallet-keys.ts'

const api = <R>(ctx: CommandContext, fn: Parameters<typeof withApi<typeof FullNodeMethods, R>>[3]) =>
  withApi(ctx, FULLNODE_REPO, FullNodeMethods, fn)

function addrArg(text: string): Address {
  try {
    return Address.parse(text)
  } catch (err) {
    throw new CliError(errorMessage(err))
  }
}

function hexArg(text: string, what: string): Uint8Array {
  try {
    return fromHex(text)
  } catch {
    throw new CliError(`${what}: invalid hex`)
  }
}

async function readAll(ctx: CommandContext): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of ctx.stdin) chunks.push(Buffer.from(c as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

const HEAD = new TipSetKey([])

const walletNew: Command = {
  name: 'new',
  usage: 'Generate a new key of the given type',
  argsUsage: '[bls|secp256k1|delegated (default secp256k1)]',
  action: (ctx) =>
    api(ctx, async (a) => {
      const t = ctx.args[0] || 'secp256k1'
      if (t !== 'secp256k1' && t !== 'bls' && t !== 'delegated' && t !== 'secp256k1-ledger')
        throw new CliError(`unknown key type ${JSON.stringify(t)} (expected bls, secp256k1 or delegated)`)
      ctx.stdout.write(`${await a.WalletNew(t)}\n`)
    }),
}

const walletList: Command = {
  name: 'list',
  usage: 'List wallet address',
  flags: [
    { name: 'addr-only', aliases: ['a'], kind: 'bool', usage: 'Only print addresses' },
    { name: 'id', aliases: ['i'], kind: 'bool', usage: 'Output ID addresses' },
  ],
  action: (ctx) =>
    api(ctx, async (a) => {
      const addrs = await a.WalletList()
      if (bool(ctx, 'addr-only')) {
        for (const addr of addrs) ctx.stdout.write(`${addr}\n`)
        return
      }
      const def = await a.WalletDefaultAddress().catch(() => undefined) // no default set
      const tw = new TableWriter([
        { name: 'Address' },
        { name: 'ID' },
        { name: 'Balance' },
        { name: 'Market(Avail)' },
        { name: 'Market(Locked)' },
        { name: 'Nonce' },
        { name: 'Default' },
        { name: 'Error', separateLine: true },
      ])
      for (const addr of addrs) {
        let balance = 0n
        let nonce = 0n
        try {
          const actor = await a.StateGetActor(addr, HEAD)
          balance = actor.balance
          nonce = actor.nonce
        } catch (err) {
          if (!errorMessage(err).includes('actor not found')) {
            tw.write({ Address: addr.toString(), Error: errorMessage(err) })
            continue
          }
        }
        let id: string | undefined
        if (bool(ctx, 'id')) id = await a.StateLookupID(addr, HEAD).then(String, () => 'n/a')
        tw.write({
          Address: addr.toString(),
          ID: id,
          Balance: formatFil(balance),
          Nonce: nonce,
          Default: def && def.toString() === addr.toString() ? 'X' : undefined,
        })
      }
      tw.flush(ctx.stdout)
    }),
}

const walletBalance: Command = {
  name: 'balance',
  usage: 'Get account balance',
  argsUsage: '[address]',
  action: (ctx) =>
    api(ctx, async (a) => {
      const addr = ctx.args[0] ? addrArg(ctx.args[0]) : await a.WalletDefaultAddress()
      ctx.stdout.write(`${formatFil(await a.WalletBalance(addr))}\n`)
    }),
}

const walletDefault: Command = {
  name: 'default',
  usage: 'Get default wallet address',
  action: (ctx) => api(ctx, async (a) => void ctx.stdout.write(`${await a.WalletDefaultAddress()}\n`)),
}

const walletSetDefault: Command = {
  name: 'set-default',
  usage: 'Set default wallet address',
  argsUsage: '[address]',
  action: (ctx) => {
    if (ctx.args.length !== 1) throw incorrectNumArgs(ctx.args.length)
    const addr = addrArg(ctx.args[0]!)
    return api(ctx, async (a) => {
      await a.WalletSetDefault(addr)
      ctx.stdout.write(`Default address set to: ${addr}\n`)
    })
  },
}

const walletExport: Command = {
  name: 'export',
  usage: 'export keys',
  argsUsage: '[address]',
  flags: [
    {
      name: 'format',
      kind: 'string',
      default: 'hex-lotus',
      usage:
        "output format: 'hex-lotus' (hex-encoded JSON KeyInfo), 'json-lotus' (JSON KeyInfo), 'hex-eth' (raw 32-byte private key as hex; secp256k1 and delegated keys only)",
    },
  ],
  action: (ctx) => {
    if (ctx.args.length !== 1) throw incorrectNumArgs(ctx.args.length)
    const addr = addrArg(ctx.args[0]!)
    return api(ctx, async (a) => {
      ctx.stdout.write(`${writeKey(await a.WalletExport(addr), str(ctx, 'format'))}\n`)
    })
  },
}

const walletImport: Command = {
  name: 'import',
  usage: 'import keys',
  argsUsage: '[<path> (optional, will read from stdin if omitted)]',
  flags: [
    {
      name: 'format',
      kind: 'string',
      default: 'hex-lotus',
      usage:
        "input format: 'hex-lotus' (hex-encoded JSON KeyInfo), 'json-lotus' (JSON KeyInfo), 'gfc-json' (go-filecoin JSON)",
    },
    { name: 'as-default', kind: 'bool', usage: 'import the given key as your new default key' },
  ],
  action: async (ctx) => {
    const src = ctx.args[0]
    let input: string
    if (src === undefined || src === '-') input = await readAll(ctx)
    else {
      try {
        input = readFileSync(src, 'utf8')
      } catch (err) {
        throw new CliError(`reading ${src}: ${errorMessage(err)}`)
      }
    }
    const ki = readKey(input, str(ctx, 'format'))
    return api(ctx, async (a) => {
      const addr = await a.WalletImport(ki)
      if (bool(ctx, 'as-default')) await a.WalletSetDefault(addr)
      ctx.stdout.write(`imported key ${addr} successfully!\n`)
    })
  },
}

const rawFlag = {
  name: 'raw',
  kind: 'bool',
  usage: 'sign raw bytes without FRC-0102 envelope (not recommended)',
} as const

const walletSign: Command = {
  name: 'sign',
  usage: 'sign a message',
  argsUsage: '<signing address> <hexMessage>',
  flags: [rawFlag],
  action: (ctx) => {
    if (ctx.args.length !== 2) throw incorrectNumArgs(ctx.args.length)
    const addr = addrArg(ctx.args[0]!)
    let msg = hexArg(ctx.args[1]!, 'hexMessage')
    if (!bool(ctx, 'raw')) msg = frc0102(msg)
    return api(ctx, async (a) => {
      let sig: Awaited<ReturnType<typeof a.WalletSign>>
      try {
        sig = await a.WalletSign(addr, msg)
      } catch (err) {
        throw new CliError(`failed to sign message: ${errorMessage(err)}`)
      }
      ctx.stdout.write(`${toHex(SignatureCodec.toCbor(sig) as Uint8Array)}\n`)
    })
  },
}

const walletVerify: Command = {
  name: 'verify',
  usage: 'verify the signature of a message',
  argsUsage: '<signing address> <hexMessage> <signature>',
  flags: [{ ...rawFlag, usage: 'verify raw bytes without FRC-0102 envelope (not recommended)' }],
  action: (ctx) => {
    if (ctx.args.length !== 3) throw incorrectNumArgs(ctx.args.length)
    const addr = addrArg(ctx.args[0]!)
    let msg = hexArg(ctx.args[1]!, 'hexMessage')
    if (!bool(ctx, 'raw')) msg = frc0102(msg)
    let sig: ReturnType<typeof SignatureCodec.fromCbor>
    try {
      sig = SignatureCodec.fromCbor(hexArg(ctx.args[2]!, 'signature'), 'signature')
    } catch (err) {
      throw new CliError(errorMessage(err))
    }
    return api(ctx, async (a) => {
      if (await a.WalletVerify(addr, msg, sig)) {
        ctx.stdout.write('valid\n')
        return
      }
      ctx.stdout.write('invalid\n')
      throw new CliError('CLI Verify called with invalid signature')
    })
  },
}

const walletDelete: Command = {
  name: 'delete',
  usage: 'Soft delete an address from the wallet - hard deletion needed for permanent removal',
  argsUsage: '<address> ',
  action: (ctx) => {
    if (ctx.args.length !== 1) throw incorrectNumArgs(ctx.args.length)
    const addr = addrArg(ctx.args[0]!)
    return api(ctx, async (a) => {
      ctx.stdout.write(`Soft deleting address: ${addr}\n`)
      ctx.stdout.write('Hard deletion of the address in `~/.lotus/keystore` is needed for permanent removal\n')
      await a.WalletDelete(addr)
    })
  },
}

export const walletCmd: Command = {
  name: 'wallet',
  usage: 'Manage wallet',
  subcommands: [
    walletNew,
    walletList,
    walletBalance,
    walletExport,
    walletImport,
    walletDefault,
    walletSetDefault,
    walletSign,
    walletVerify,
    walletDelete,
  ],
}
