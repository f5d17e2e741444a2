/**
 * The message check Lotus-TS adds to a block's (DIFFERENCES.md): every sender can pay for all its
 * messages in the block, Σ(Value + GasFeeCap·GasLimit) ≤ balance in the parent state, the bound the mpool
 * admits and selects by. Lotus accepts such a block and lets the VM fail the message with
 * SysErrInsufficientFunds at the miner's expense; here the block is refused, naming the sender.
 */
import type { Address } from '../../core/address.ts'
import { InvalidError } from '../../util/errors.ts'
import type { BlockCheck } from '../consensus/header-checks.ts'
import type { MessageCheckContext } from '../consensus/message-checks.ts'

export const fundsCheck: BlockCheck<MessageCheckContext> = {
  name: 'funds',
  run: async (ctx) => {
    const need = new Map<string, { from: Address; sum: bigint }>()
    const msgs = [...ctx.bls, ...ctx.secp.map((s) => s.message)]
    for (const m of msgs) {
      const k = (await ctx.state.accountKey(m.from)).toString()
      const e = need.get(k) ?? { from: m.from, sum: 0n }
      e.sum += m.value + m.gasFeeCap * m.gasLimit
      need.set(k, e)
    }
    for (const { from, sum } of need.values()) {
      const balance = await ctx.state.actorBalance(from)
      if (balance < sum)
        throw new InvalidError(
          `insufficient funds: sender ${from} has ${balance} attoFIL but its messages in the block need ${sum} (value + gas fee cap × gas limit)`,
        )
    }
  },
}
