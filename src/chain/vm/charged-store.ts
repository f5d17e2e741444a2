/** A Blockstore view that charges the message's gas for every block an actor reads or writes. */
import type { CID } from '../../core/cid.ts'
import type { Block, Blockstore } from '../../ipld/blockstore.ts'
import { type GasPricelist, type GasTracker, ipldGetGas, ipldPutGas } from './gas.ts'

export class ChargedStore implements Blockstore {
  constructor(
    private readonly inner: Blockstore,
    private readonly gas: GasTracker,
    private readonly pricelist: GasPricelist,
  ) {}

  async get(cid: CID): Promise<Uint8Array | undefined> {
    this.gas.charge(ipldGetGas(this.pricelist), `reading block ${cid}`)
    return this.inner.get(cid)
  }

  async has(cid: CID): Promise<boolean> {
    this.gas.charge(ipldGetGas(this.pricelist), `checking block ${cid}`)
    return this.inner.has(cid)
  }

  async put(cid: CID, bytes: Uint8Array): Promise<void> {
    this.gas.charge(ipldPutGas(this.pricelist, bytes.length), `writing block ${cid}`)
    return this.inner.put(cid, bytes)
  }

  async putMany(blocks: Iterable<Block>): Promise<void> {
    const all = [...blocks]
    for (const b of all) this.gas.charge(ipldPutGas(this.pricelist, b.bytes.length), `writing block ${b.cid}`)
    if (this.inner.putMany) return this.inner.putMany(all)
    for (const b of all) await this.inner.put(b.cid, b.bytes)
  }
}
