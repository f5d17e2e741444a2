/**
 * The randomness the VM draws while executing a tipset (Lotus `chain/rand` stateRand, network version 14 and
 * later): ticket randomness from the minimum ticket of the tipset at the epoch (the one after a null round),
 * beacon randomness from the beacon entry for the epoch. Nothing is drawn from beyond the tipset executed.
 */
import type { TipSet } from '../../core/tipset.ts'
import { drawRandomness } from '../../crypto/randomness.ts'
import { InvalidError } from '../../util/errors.ts'
import type { BeaconVerifier } from '../beacon/beacon.ts'
import { beaconEntryForEpoch } from '../beacon/latest.ts'
import type { ChainStore } from '../store/chain-store.ts'
import type { RandomnessSource } from '../vm/externs.ts'

export class ChainRandomness implements RandomnessSource {
  constructor(
    private readonly chain: ChainStore,
    /** The tipset being executed (or the head a State* call reads at). */
    private readonly head: TipSet,
    private readonly beacon: BeaconVerifier,
  ) {}

  private checkEpoch(epoch: number): void {
    if (!Number.isSafeInteger(epoch)) throw new InvalidError(`randomness epoch ${epoch} is not an integer`)
    if (epoch > this.head.height)
      throw new InvalidError(`cannot draw randomness from the future (epoch ${epoch} > height ${this.head.height})`)
  }

  async fromTickets(tag: number, epoch: number, entropy: Uint8Array): Promise<Uint8Array> {
    this.checkEpoch(epoch)
    const ts = await this.chain.getTipSetByHeight(Math.max(0, epoch), this.head, false)
    return drawRandomness(ts.minTicket.vrfProof, tag, epoch, entropy)
  }

  async fromBeacon(tag: number, epoch: number, entropy: Uint8Array): Promise<Uint8Array> {
    this.checkEpoch(epoch)
    const entry = await beaconEntryForEpoch(this.chain, this.head, this.beacon, epoch)
    return drawRandomness(entry.data, tag, epoch, entropy)
  }
}
