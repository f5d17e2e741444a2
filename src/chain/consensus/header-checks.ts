/**
 * Block header validation as a table of named checks (Lotus `filcns.ValidateBlock` and
 * `consensus.RunAsyncChecks`): each check throws an InvalidError whose message names the rule. Checks run
 * in the order listed; `validateBlockHeader` runs them all. Message-level checks are in message-checks.ts;
 * the parent state root and receipts are the VM's to check (they need the parent executed).
 */
import { AddressCodec, Protocol } from '../../core/address.ts'
import type { BeaconEntry } from '../../core/beacon-entry.ts'
import { blockSigningBytes } from '../../core/block-header.ts'
import { encode } from '../../core/codec.ts'
import { DomainSeparationTag, drawRandomness } from '../../crypto/randomness.ts'
import { verifySignature } from '../../crypto/sigs.ts'
import { errorMessage, InvalidError, LotusError } from '../../util/errors.ts'
import { computeNextBaseFee } from './base-fee.ts'
import { blockTimestamp } from './time.ts'
import type { BlockContext } from './block-context.ts'
import { verifyElection, verifyTicket } from './vrf.ts'
import { weightOf } from './weight.ts'

/** Lotus `AllowableClockDriftSecs`. */
export const ALLOWABLE_CLOCK_DRIFT_SECS = 1

export interface BlockCheck<C> {
  /** Short stable name of the rule (for logs and tests). */
  name: string
  run(ctx: C): void | Promise<void>
}

/** The randomness base: the block's last beacon entry, else the parent chain's latest. */
export function randomnessBase(ctx: BlockContext): BeaconEntry {
  const entries = ctx.header.beaconEntries
  return entries.length > 0 ? entries[entries.length - 1]! : ctx.prevBeacon
}

function fail(message: string): never {
  throw new InvalidError(message)
}

export const headerChecks: readonly BlockCheck<BlockContext>[] = [
  {
    name: 'sanity',
    run: ({ header: h }) => {
      if (h.electionProof === null) fail('block cannot have nil election proof')
      if (h.ticket === null) fail('block cannot have nil ticket')
      if (h.blockSig === null) fail('block had nil signature')
      if (h.blsAggregate === null) fail('block had nil bls aggregate signature')
      if (h.miner.protocol !== Protocol.ID) fail(`block had non-ID miner address ${h.miner}`)
    },
  },
  {
    name: 'parents',
    run: ({ header: h, parent }) => {
      if (h.parents.length !== parent.cids.length || h.parents.some((c, i) => !c.equals(parent.cids[i])))
        fail(`block parents do not name the parent tipset ${parent.key}`)
    },
  },
  {
    name: 'height',
    run: ({ header: h, parent }) => {
      if (h.height <= parent.height)
        fail(`block height not greater than parent height: ${h.height} <= ${parent.height}`)
    },
  },
  {
    name: 'timestamp',
    run: ({ header: h, parent, profile }) => {
      const want = blockTimestamp(parent, h.height, profile)
      if (h.timestamp !== want) fail(`block has wrong timestamp: ${h.timestamp} != ${want}`)
    },
  },
  {
    name: 'future',
    run: ({ header: h, now }) => {
      if (h.timestamp > now + ALLOWABLE_CLOCK_DRIFT_SECS)
        fail(
          `block timestamp ${h.timestamp} is in the future (now ${now}, allowed drift ${ALLOWABLE_CLOCK_DRIFT_SECS} s)`,
        )
    },
  },
  {
    name: 'miner',
    run: async ({ header: h, lookbackState }) => {
      if ((await lookbackState.minerPower(h.miner)) === undefined) fail(`miner ${h.miner} isn't valid (no power claim)`)
    },
  },
  {
    name: 'parentWeight',
    run: async ({ header: h, parent, parentTipsetState }) => {
      const total = await parentTipsetState.totalPower()
      const want = weightOf(parent, total.qualityAdjPower)
      if (h.parentWeight !== want) fail(`parent weight different: ${h.parentWeight} (header) != ${want} (computed)`)
    },
  },
  {
    name: 'baseFee',
    run: ({ header: h, parent, parentGasLimits, profile }) => {
      const want = computeNextBaseFee(parent.blocks[0]!.parentBaseFee, parentGasLimits, parent.blocks.length, profile)
      if (h.parentBaseFee !== want) fail(`base fee doesn't match: ${h.parentBaseFee} (header) != ${want} (computed)`)
    },
  },
  {
    name: 'eligible',
    run: async ({ header: h, lookbackState }) => {
      if (!(await lookbackState.minerEligible(h.miner))) fail(`block's miner ${h.miner} is ineligible to mine`)
    },
  },
  {
    name: 'election',
    run: async (ctx) => {
      const { header: h, lookbackState } = ctx
      const worker = await lookbackState.minerWorkerKey(h.miner)
      const power = await lookbackState.minerPower(h.miner)
      const total = await lookbackState.totalPower()
      verifyElection(
        worker,
        {
          beaconData: randomnessBase(ctx).data,
          miner: h.miner,
          height: h.height,
          minerPower: power?.qualityAdjPower ?? 0n,
          totalPower: total.qualityAdjPower,
        },
        h.electionProof!,
      )
    },
  },
  {
    name: 'ticket',
    run: async (ctx) => {
      const { header: h, lookbackState, parent } = ctx
      const worker = await lookbackState.minerWorkerKey(h.miner)
      const input = {
        beaconData: randomnessBase(ctx).data,
        miner: h.miner,
        height: h.height,
        parentMinTicket: parent.minTicket,
      }
      verifyTicket(worker, input, h.ticket!)
    },
  },
  {
    name: 'beacon',
    run: async ({ header: h, prevBeacon, proofs }) => {
      try {
        await proofs.verifyBeaconEntries(h.beaconEntries, prevBeacon, h.height)
      } catch (err) {
        fail(`failed to validate blocks random beacon values: ${errorMessage(err)}`)
      }
    },
  },
  {
    name: 'blockSig',
    run: async ({ header: h, lookbackState }) => {
      const worker = await lookbackState.minerWorkerKey(h.miner)
      try {
        verifySignature(h.blockSig!, blockSigningBytes(h), worker)
      } catch (err) {
        fail(`check block signature failed: ${errorMessage(err)}`)
      }
    },
  },
  {
    name: 'winningPoSt',
    run: async (ctx) => {
      const { header: h, proofs } = ctx
      const rand = drawRandomness(
        randomnessBase(ctx).data,
        DomainSeparationTag.WinningPoStChallengeSeed,
        h.height,
        encode(AddressCodec, h.miner),
      )
      try {
        await proofs.verifyWinningPoSt(h, rand)
      } catch (err) {
        fail(`invalid election post: ${errorMessage(err)}`)
      }
    },
  },
]

/** Runs every header check in order; the first failure throws (InvalidError naming the rule). */
export async function validateBlockHeader(ctx: BlockContext): Promise<void> {
  for (const check of headerChecks) {
    try {
      await check.run(ctx)
    } catch (err) {
      if (err instanceof LotusError) throw err
      throw new InvalidError(`block check ${check.name}: ${errorMessage(err)}`, { cause: err })
    }
  }
}
