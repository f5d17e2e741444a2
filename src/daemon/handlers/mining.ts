/**
 * The Mining and Sync methods (Lotus `node/impl/full/{miner,sync,beacon}.go`, `MpoolSelect`): base info
 * for a miner's election, block assembly signed by this node's wallet, block submission through the
 * syncer, the bad-block reasons, message selection on a base tipset and the local beacon's entries.
 */
import type { MiningMethods } from '../../api/full/mining.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import { minerBaseInfo } from '../../chain/mining/base-info.ts'
import { createBlock } from '../../chain/mining/create-block.ts'
import { selectMessagesOn } from '../../chain/mining/select-messages.ts'
import type { BeaconEntry } from '../../core/beacon-entry.ts'
import { InvalidError, NotFoundError } from '../../util/errors.ts'
import type { LocalWallet } from '../../wallet/wallet.ts'
import type { ChainAccess } from './chain.ts'

/** BeaconGetEntry: the entry of the last round a block at `epoch` carries (round 0 is the genesis entry). */
async function beaconEntry(node: ChainAccess, epoch: number): Promise<BeaconEntry> {
  const n = node()
  if (!Number.isSafeInteger(epoch) || epoch < 0) throw new InvalidError(`epoch ${epoch} is not a chain epoch`)
  const round = n.beacon.maxRoundForEpoch(epoch)
  if (round > 0) return n.beacon.entry(round)
  const genesis = (await n.chain.getGenesis()).beaconEntries[0]
  if (!genesis) throw new NotFoundError('the genesis block has no beacon entry')
  return genesis
}

export function miningHandlers(node: ChainAccess, wallet: LocalWallet): Handlers<typeof MiningMethods> {
  return {
    MinerGetBaseInfo: async (_ctx, miner, epoch, tsk) => {
      const n = node()
      return minerBaseInfo(n, miner, Number(epoch), await n.sm.tipSet(tsk))
    },
    MinerCreateBlock: (_ctx, template) => createBlock({ sm: node().sm, sign: (a, b) => wallet.sign(a, b) }, template),
    SyncSubmitBlock: async (_ctx, blk) => {
      await node().syncer.submit(blk)
    },
    SyncCheckBad: (_ctx, cid) => node().syncer.checkBad(cid),
    MpoolSelect: async (_ctx, tsk) => {
      const n = node()
      return selectMessagesOn(n.sm, await n.sm.tipSet(tsk), n.mpool.pending())
    },
    BeaconGetEntry: (_ctx, epoch) => beaconEntry(node, Number(epoch)),
  }
}
