import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { loadGenesisCar, walkDag, writeGenesisCar } from '../../../src/chain/genesis/car.ts'
import {
  FILECOIN_GENESIS_PARENT_CID,
  fixedGenesisParent,
  makeGenesisBlock,
} from '../../../src/chain/genesis/genblock.ts'
import { accountActor, newTemplate, templateFromJson, templateToJson } from '../../../src/chain/genesis/template.ts'
import { StateTree } from '../../../src/chain/state/state-tree.ts'
import { Address } from '../../../src/core/address.ts'
import { blockHeaderCid } from '../../../src/core/block-header.ts'
import { FIL_PRECISION } from '../../../src/core/token.ts'
import { MemoryBlockstore } from '../../../src/ipld/memory-blockstore.ts'
import { InvalidError } from '../../../src/util/errors.ts'
import { EMPTY_AMT_V0, EMPTY_MSG_META } from '../store/chain-builder.ts'
import { newKey } from '../mpool/fixtures.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-genesis-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('genesis template', () => {
  it('writes Lotus field names, omits a zero Timestamp, and reads back what it wrote', () => {
    const t = newTemplate('testnet')
    const a = newKey().addr
    t.accounts.push(accountActor(a, 5n * FIL_PRECISION))
    const json = JSON.parse(templateToJson(t))
    assert.deepEqual(Object.keys(json), [
      'NetworkVersion',
      'Accounts',
      'Miners',
      'NetworkName',
      'VerifregRootKey',
      'RemainderAccount',
    ])
    assert.deepEqual(json.Accounts[0], {
      Type: 'account',
      Balance: '5000000000000000000',
      Meta: { Owner: a.toString() },
    })
    assert.equal(json.RemainderAccount.Type, 'multisig')
    assert.deepEqual(templateFromJson(templateToJson(t)), t)
    const stamped = JSON.parse(templateToJson(newTemplate('x', 1700000000)))
    assert.equal(stamped.Timestamp, 1700000000)
  })

  it('names the bad field of a broken template', () => {
    const bad: [string, RegExp][] = [
      ['[]', /expected a JSON object/],
      ['{"NetworkName":""}', /NetworkName is missing/],
      ['{"NetworkName":"n","Accounts":{}}', /Accounts is not a list/],
      ['{"NetworkName":"n","Accounts":[{"Type":"evm","Balance":"1"}]}', /Accounts\[0\]: Type "evm"/],
      ['{"NetworkName":"n","Accounts":[{"Type":"account","Balance":"-1"}]}', /Balance -1 is negative/],
      ['{"NetworkName":"n","Accounts":[{"Type":"account","Balance":"1x"}]}', /not a decimal integer/],
      ['{"NetworkName":"n","Timestamp":-5}', /Timestamp -5/],
      ['not json', /not JSON/],
    ]
    for (const [text, re] of bad) assert.throws(() => templateFromJson(text), re, text)
  })
})

describe('genesis block and CAR', () => {
  it('the fixed parent block hashes (SHA2-256) to the CID every Filecoin genesis names', () => {
    const p = fixedGenesisParent()
    assert.equal(p.cid.toString(), 'bafyreiaqpwbbyjo4a42saasj36kkrpv4tsherf2e7bvezkert2a7dhonoi')
    assert.ok(p.cid.equals(FILECOIN_GENESIS_PARENT_CID))
  })

  it('builds the header as Lotus does and round-trips through a CAR into a fresh store', async () => {
    const store = new MemoryBlockstore()
    const t = newTemplate('testnet', 1_700_000_000)
    const keys = [newKey().addr, newKey().addr]
    for (const k of keys) t.accounts.push(accountActor(k, 1000n * FIL_PRECISION))
    const ticket = new Uint8Array(32).fill(7)
    const g = await makeGenesisBlock(store, t, { ticket })
    const h = g.header
    assert.equal(h.miner.toString(), 't00')
    assert.equal(h.height, 0)
    assert.deepEqual(h.parents.map(String), [FILECOIN_GENESIS_PARENT_CID.toString()])
    assert.deepEqual(h.ticket?.vrfProof, ticket)
    assert.deepEqual(h.beaconEntries, [{ round: 0, data: new Uint8Array(32) }])
    assert.equal(h.parentBaseFee, 100_000_000n)
    assert.equal(h.blockSig, null)
    assert.equal(h.blsAggregate, null)
    assert.ok(h.parentMessageReceipts.equals(EMPTY_AMT_V0))
    assert.ok(h.messages.equals(EMPTY_MSG_META))
    assert.equal(h.timestamp, 1_700_000_000)
    assert.deepEqual(g.accountIds, ['t0100', 't0101'])
    assert.ok(g.cid.equals(blockHeaderCid(h)))

    const car = join(dir, 'g.car')
    await writeGenesisCar(store, g.cid, car)
    const fresh = new MemoryBlockstore()
    const loaded = await loadGenesisCar(car, fresh)
    assert.ok(loaded.cid.equals(g.cid))
    assert.ok(await fresh.has(FILECOIN_GENESIS_PARENT_CID))
    // Everything the state needs came with the CAR.
    const tree = await StateTree.load(fresh, loaded.header.parentStateRoot)
    for (const k of keys) {
      const id = await tree.lookupId(k)
      assert.equal((await tree.getActor(id!))?.balance, 1000n * FIL_PRECISION)
    }
    let n = 0
    for await (const _ of walkDag(fresh, g.cid)) n++
    assert.ok(n > 10)
  })

  it('takes the current time when the template has none, and refuses what it cannot build', async () => {
    const store = new MemoryBlockstore()
    const g = await makeGenesisBlock(store, newTemplate('n'), { now: () => 1_800_000_000_500 })
    assert.equal(g.header.timestamp, 1_800_000_000)
    const withMiner = { ...newTemplate('n'), miners: [{}] }
    await assert.rejects(makeGenesisBlock(store, withMiner), /Miners\[0\]: ID is missing/)
    const msig = newTemplate('n')
    msig.accounts.push({ type: 'multisig', balance: 1n, meta: {} })
    await assert.rejects(makeGenesisBlock(store, msig), /multisig actors are not supported/)
    const idOwner = newTemplate('n')
    idOwner.accounts.push(accountActor(Address.fromId(5), 1n))
    await assert.rejects(
      makeGenesisBlock(store, idOwner),
      (e) => e instanceof InvalidError && /not a key address/.test(e.message),
    )
  })

  it('refuses a CAR whose root is not a height-0 block header', async () => {
    const store = new MemoryBlockstore()
    const g = await makeGenesisBlock(store, newTemplate('n', 1))
    const car = join(dir, 'state.car')
    await writeGenesisCar(store, g.header.parentStateRoot, car)
    await assert.rejects(loadGenesisCar(car, new MemoryBlockstore()), /BlockHeader|expected/)
  })
})
