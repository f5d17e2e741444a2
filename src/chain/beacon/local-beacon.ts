/**
 * The local randomness beacon (Lotus-TS's stand-in for drand; DIFFERENCES.md). The genesis block's one
 * beacon entry, round 0, carries the beacon's BLS public key (48 bytes). Round r >= 1 is the BLS signature
 * (Filecoin's G2 scheme, NUL DST) of sha256(uint64be(r)), drand's unchained scheme, so every entry verifies
 * alone against the genesis key. Round r is released at genesisTime + r * blockDelay, and a block at epoch e
 * carries the rounds up to e - 1 (as Lotus's MaxBeaconRoundForEpoch lags drand by one epoch): the entries a
 * block needs exist one epoch before its time. Only the node holding the secret key produces entries; every
 * node verifies them.
 * A genesis whose round-0 data is not a public key (Lotus's 32 zero bytes, in-process test chains) has no
 * beacon: blocks carry no entries and beacon randomness is drawn from the genesis entry.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import type { BeaconEntry } from '../../core/beacon-entry.ts'
import type { BlockHeader } from '../../core/block-header.ts'
import { BLS_PUBLIC_KEY_LEN, blsPublicKey, blsSign, blsVerify } from '../../crypto/bls.ts'
import { bytesEqual, u64be } from '../../util/bytes.ts'
import { InvalidError, NotFoundError } from '../../util/errors.ts'
import type { Beacon } from './beacon.ts'

export interface LocalBeaconOptions {
  /** The genesis block's timestamp, Unix seconds. */
  genesisTime: number
  blockDelaySecs: number
  /** The beacon's BLS secret key; without it this node verifies but does not produce entries. */
  secretKey?: Uint8Array
  /** Unix seconds now. Default: the wall clock. */
  now?: () => number
}

/** The message a round's entry signs. */
export const beaconMessage = (round: number): Uint8Array => sha256(u64be(BigInt(round)))

export class LocalBeacon implements Beacon {
  /** The beacon's public key; undefined for a chain without a beacon. */
  readonly publicKey: Uint8Array | undefined
  private readonly now: () => number

  constructor(
    genesisEntry: BeaconEntry,
    private readonly opts: LocalBeaconOptions,
  ) {
    this.publicKey = genesisEntry.data.length === BLS_PUBLIC_KEY_LEN ? genesisEntry.data : undefined
    this.now = opts.now ?? (() => Date.now() / 1000)
    if (opts.secretKey && !(this.publicKey && bytesEqual(blsPublicKey(opts.secretKey), this.publicKey)))
      throw new InvalidError("the beacon secret key is not the genesis beacon's key")
  }

  /** The beacon of a chain, from its genesis block. */
  static fromGenesis(genesis: BlockHeader, opts: Omit<LocalBeaconOptions, 'genesisTime'>): LocalBeacon {
    const first = genesis.beaconEntries[0]
    if (first?.round !== 0) throw new InvalidError('the genesis block has no round-0 beacon entry')
    return new LocalBeacon(first, { ...opts, genesisTime: Number(genesis.timestamp) })
  }

  get canProduce(): boolean {
    return this.opts.secretKey !== undefined
  }

  maxRoundForEpoch(epoch: number): number {
    return this.publicKey ? Math.max(0, epoch - 1) : 0
  }

  /** Unix seconds at which `round` is released. */
  roundTime(round: number): number {
    return this.opts.genesisTime + round * this.opts.blockDelaySecs
  }

  entry(round: number): BeaconEntry {
    if (!Number.isSafeInteger(round) || round < 1) throw new InvalidError(`beacon round ${round} is not a round >= 1`)
    if (!this.publicKey) throw new NotFoundError('this chain has no beacon (its genesis carries no beacon key)')
    const sk = this.opts.secretKey
    if (!sk) throw new NotFoundError(`this node cannot produce beacon entries (round ${round}): it has no beacon key`)
    const wait = this.roundTime(round) - this.now()
    if (wait > 0) throw new NotFoundError(`beacon round ${round} is not released for another ${wait.toFixed(1)} s`)
    return { round, data: blsSign(sk, beaconMessage(round)) }
  }

  entriesForBlock(epoch: number, prev: BeaconEntry): BeaconEntry[] {
    const out: BeaconEntry[] = []
    for (let r = prev.round + 1; r <= this.maxRoundForEpoch(epoch); r++) out.push(this.entry(r))
    return out
  }

  verifyEntries(entries: readonly BeaconEntry[], prev: BeaconEntry, height: number): void {
    const max = this.maxRoundForEpoch(height)
    if (entries.length === 0) {
      if (prev.round !== max)
        throw new InvalidError(
          `expected beacon entries up to round ${max} at height ${height}, got none after round ${prev.round}`,
        )
      return
    }
    const last = entries[entries.length - 1]!
    if (last.round !== max)
      throw new InvalidError(`expected final beacon entry in block to be at round ${max}, got ${last.round}`)
    let want = prev.round + 1
    for (const e of entries) {
      if (e.round !== want) throw new InvalidError(`beacon entry round ${e.round} where round ${want} was due`)
      if (!this.publicKey || !blsVerify(e.data, beaconMessage(e.round), this.publicKey))
        throw new InvalidError(`beacon entry for round ${e.round} does not verify against the genesis beacon key`)
      want++
    }
  }
}
