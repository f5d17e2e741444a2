/** An in-memory Blockstore for tests and scratch work. */
import type { CID } from '../core/cid.ts'
import { toHex } from '../util/bytes.ts'
import type { Block, Blockstore } from './blockstore.ts'

export class MemoryBlockstore implements Blockstore {
  private readonly blocks = new Map<string, Uint8Array>()
  /** Counters, handy for tests that check how many blocks an operation wrote or read. */
  readonly stats = { gets: 0, puts: 0 }

  get size(): number {
    return this.blocks.size
  }

  async get(cid: CID): Promise<Uint8Array | undefined> {
    this.stats.gets++
    return this.blocks.get(toHex(cid.bytes))
  }

  async put(cid: CID, bytes: Uint8Array): Promise<void> {
    this.stats.puts++
    this.blocks.set(toHex(cid.bytes), bytes)
  }

  async putMany(blocks: Iterable<Block>): Promise<void> {
    for (const b of blocks) await this.put(b.cid, b.bytes)
  }

  async has(cid: CID): Promise<boolean> {
    return this.blocks.has(toHex(cid.bytes))
  }

  async delete(cid: CID): Promise<void> {
    this.blocks.delete(toHex(cid.bytes))
  }
}
