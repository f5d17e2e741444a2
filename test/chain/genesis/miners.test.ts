import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { getClaim, loadClaims } from '../../../src/chain/actors/power/claims.ts'
import { PowerStateCodec } from '../../../src/chain/actors/power/state.ts'
import { MinerStateCodec } from '../../../src/chain/actors/miner/state.ts'
import { sectorCount } from '../../../src/chain/actors/miner/queries.ts'
import { CODE_CIDS } from '../../../src/chain/actors/code-cids.ts'
import { STORAGE_POWER_ACTOR_ADDR } from '../../../src/chain/actors/singletons.ts'
import { makeGenesisBlock } from '../../../src/chain/genesis/genblock.ts'
import { genesisMinerToJson } from '../../../src/chain/genesis/miner.ts'
import { newTemplate } from '../../../src/chain/genesis/template.ts'
import { StateTree } from '../../../src/chain/state/state-tree.ts'
import { preSeal } from '../../../src/cli/lotus-seed/pre-seal.ts'
import { Address } from '../../../src/core/address.ts'
import { decode } from '../../../src/core/codec.ts'
import { getOrThrow } from '../../../src/ipld/blockstore.ts'
import { MemoryBlockstore } from '../../../src/ipld/memory-blockstore.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-genesis-miners-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('genesis miners', () => {
  it('are created with their ID, owner and worker, and their pre-sealed sectors give them power', async () => {
    const { miner } = await preSeal({
      minerAddr: Address.fromId(1000),
      sectorSize: 2048,
      numSectors: 2,
      sectorOffset: 0,
      sectorDir: dir,
      ticketPreimage: 'lotus is fire',
    })
    const t = newTemplate('genesis-miners-test', 1_700_000_000)
    t.miners.push(genesisMinerToJson(miner))
    const store = new MemoryBlockstore()
    const g = await makeGenesisBlock(store, t)
    const tree = await StateTree.load(store, g.header.parentStateRoot)
    const act = await tree.getActor(Address.fromId(1000))
    assert.ok(act, 'miner actor t01000 exists')
    assert.ok(act.code.equals(CODE_CIDS.storageminer))
    const st = decode(MinerStateCodec, await getOrThrow(store, act.head))
    assert.deepEqual(await sectorCount(store, act.head), { live: 2, active: 2, faulty: 0 })
    assert.deepEqual(st.allocatedSectors.toArray(10), [0, 1])
    // the owner key got an account
    assert.ok(await tree.lookupId(miner.owner))
    const pact = (await tree.getActor(STORAGE_POWER_ACTOR_ADDR))!
    const pst = decode(PowerStateCodec, await getOrThrow(store, pact.head))
    const claim = await getClaim(await loadClaims(store, pst), Address.fromId(1000))
    assert.equal(claim?.rawBytePower, 2n * 2048n)
    assert.equal(claim?.qualityAdjPower, 2n * 2048n)
    assert.equal(pst.minerCount, 1n)
  })

  it('refuses a miner whose ID is already taken', async () => {
    const t = newTemplate('n', 1)
    const owner = 't3xea4n7ehhh6o47kr5osjbwe4ytdalhgkvipygk2cxcwullm5czkwtukxladq3kp3yf6se3jwbsqomufkzw2a'
    t.miners.push({ ID: 't050', Owner: owner, Worker: owner, SectorSize: 2048, Sectors: [] })
    await assert.rejects(makeGenesisBlock(new MemoryBlockstore(), t), /miner ID 50 is already taken/)
  })
})
