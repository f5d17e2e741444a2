/**
 * Child process for the kill -9 test: opens a chain store in argv[2] (creating genesis when empty), then
 * keeps extending the head forever, printing `head <height>` after each head change has committed.
 */
import { join } from 'node:path'
import { ChainStore } from '../../../src/chain/store/chain-store.ts'
import { LmdbBlockstore } from '../../../src/ipld/lmdb-blockstore.ts'
import { child, genesisTipSet } from './chain-builder.ts'

const dir = process.argv[2]!
const bs = LmdbBlockstore.open({ path: join(dir, 'blocks') })
const cs = await ChainStore.open({ blockstore: bs }, { path: join(dir, 'index') })
if (cs.getHead() === null) {
  await cs.putBlockMessages({ bls: [], secp: [] })
  await cs.setGenesis(genesisTipSet().blocks[0]!)
}
for (;;) {
  const head = cs.getHead()!
  const next = child(head)
  await cs.putTipSet(next)
  await cs.setHead(next, cs.getHeadWeight() + 10n)
  process.stdout.write(`head ${next.height}\n`)
}
