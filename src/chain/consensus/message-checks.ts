/**
 * Block message checks as a table (Lotus `consensus.checkBlockMessages`, `ChainSyncer` message root check):
 * the MsgMeta root, the message count, each message's inclusion validity, the summed gas limit, nonces
 * sequential from the state nonce, secp signatures and the BLS aggregate. Executing the messages is the VM's.
 */
import type { BlockHeader } from '../../core/block-header.ts'
import type { Message } from '../../core/message.ts'
import { messageCid } from '../../core/message.ts'
import { messageSigningBytes, signedMessageCid } from '../../core/signed-message.ts'
import { verifyAggregate } from '../../crypto/bls.ts'
import { verifySignature } from '../../crypto/sigs.ts'
import type { NetworkProfile } from '../../params/profile.ts'
import { errorMessage, InvalidError, LotusError } from '../../util/errors.ts'
import type { BlockMessages } from './block-context.ts'
import type { BlockCheck } from './header-checks.ts'
import { checkValidForBlockInclusion } from './message-validity.ts'

/** Lotus `BlockMessageLimit`. */
export const BLOCK_MESSAGE_LIMIT = 10_000

export interface MessageCheckContext extends BlockMessages {
  header: BlockHeader
  profile: NetworkProfile
}

function fail(message: string): never {
  throw new InvalidError(message)
}

function allMessages(ctx: MessageCheckContext): { m: Message; cid: string }[] {
  return [
    ...ctx.bls.map((m) => ({ m, cid: messageCid(m).toString() })),
    ...ctx.secp.map((sm) => ({ m: sm.message, cid: signedMessageCid(sm).toString() })),
  ]
}

export const messageChecks: readonly BlockCheck<MessageCheckContext>[] = [
  {
    name: 'msgMeta',
    run: ({ header, msgMetaCid }) => {
      if (!msgMetaCid.equals(header.messages))
        fail(`messages didn't match message root in header (${msgMetaCid} != ${header.messages})`)
    },
  },
  {
    name: 'messageCount',
    run: ({ bls, secp }) => {
      const n = bls.length + secp.length
      if (n > BLOCK_MESSAGE_LIMIT) fail(`block has too many messages (${n} > ${BLOCK_MESSAGE_LIMIT})`)
    },
  },
  {
    name: 'inclusion',
    run: (ctx) => {
      for (const { m, cid } of allMessages(ctx)) {
        try {
          checkValidForBlockInclusion(m, ctx.profile)
        } catch (err) {
          fail(`msg ${cid} invalid for block inclusion: ${errorMessage(err)}`)
        }
      }
    },
  },
  {
    name: 'gasLimit',
    run: (ctx) => {
      const sum = allMessages(ctx).reduce((s, { m }) => s + m.gasLimit, 0n)
      if (sum > ctx.profile.blockGasLimit) fail(`block gas limit exceeded (${sum} > ${ctx.profile.blockGasLimit})`)
    },
  },
  {
    name: 'nonces',
    run: async (ctx) => {
      const next = new Map<string, bigint>()
      for (const { m } of allMessages(ctx)) {
        const key = (await ctx.state.accountKey(m.from)).toString()
        const exp = next.get(key) ?? (await ctx.state.actorNonce(m.from))
        if (m.nonce !== exp) fail(`wrong nonce (exp: ${exp}, got: ${m.nonce}) from ${m.from}`)
        next.set(key, exp + 1n)
      }
    },
  },
  {
    name: 'secpSignatures',
    run: async (ctx) => {
      for (const [i, sm] of ctx.secp.entries()) {
        try {
          verifySignature(sm.signature, messageSigningBytes(sm.message), await ctx.state.accountKey(sm.message.from))
        } catch (err) {
          fail(`block had invalid secpk message at index ${i}: ${errorMessage(err)}`)
        }
      }
    },
  },
  {
    name: 'blsAggregate',
    run: async (ctx) => {
      // Lotus returns early for a block with no BLS messages, without looking at the aggregate.
      if (ctx.bls.length === 0) return
      const signers = await Promise.all(ctx.bls.map((m) => ctx.state.accountKey(m.from)))
      const payloads = ctx.bls.map((m) => messageCid(m).bytes)
      if (!verifyAggregate(signers, payloads, ctx.header.blsAggregate?.data ?? new Uint8Array(0)))
        fail('bls aggregate signature was invalid')
    },
  },
]

/** Runs every message check in order; the first failure throws (InvalidError naming the rule). */
export async function validateBlockMessages(ctx: MessageCheckContext): Promise<void> {
  for (const check of messageChecks) {
    try {
      await check.run(ctx)
    } catch (err) {
      if (err instanceof LotusError) throw err
      throw new InvalidError(`block check ${check.name}: ${errorMessage(err)}`, { cause: err })
    }
  }
}
