/**
 * ChainNotify over a WebSocket of an in-process daemon: the first value is the current head, then each head
 * change the chain store makes (a tipset executed and adopted here, since there is no block producer yet).
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, it } from 'node:test'
import WebSocket from 'ws'
import { accountActor, newTemplate, templateToJson } from '../../src/chain/genesis/template.ts'
import { Address } from '../../src/core/address.ts'
import type { BlockHeader } from '../../src/core/block-header.ts'
import { TipSet } from '../../src/core/tipset.ts'
import { type Daemon, initDaemon } from '../../src/daemon/node.ts'
import { newKey } from '../chain/mpool/fixtures.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-notify-'))
let node: Daemon | undefined
after(async () => {
  await node?.close()
  rmSync(dir, { recursive: true, force: true })
})

it('ChainNotify sends the current head, then apply changes as the head moves', async () => {
  const tpl = join(dir, 't.json')
  const t = newTemplate('notify', 1_700_000_000)
  t.accounts.push(accountActor(newKey().addr, 10n))
  writeFileSync(tpl, templateToJson(t))
  node = await initDaemon({
    repoPath: join(dir, 'repo'),
    env: { LOTUS_API_LISTENADDRESS: '/ip4/127.0.0.1/tcp/0/http' },
    genesis: { makeGenesis: { out: join(dir, 'g.car'), template: tpl } },
  })
  const chain = node.chain!
  const port = Number(/tcp\/(\d+)/.exec(node.apiAddr)![1])
  const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc/v1`)
  await new Promise((r) => ws.once('open', r))
  const values: unknown[][] = []
  let chanId: unknown
  ws.on('message', (raw) => {
    const m = JSON.parse(raw.toString())
    if (m.id === 1) chanId = m.result
    else if (m.method === 'xrpc.ch.val') values.push(m.params)
  })
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'Filecoin.ChainNotify', params: [] }))
  const waitFor = async (n: number) => {
    for (let i = 0; i < 500 && values.length < n; i++) await new Promise((r) => setTimeout(r, 10))
    assert.ok(values.length >= n, `expected ${n} notifications, got ${values.length}`)
  }
  await waitFor(1)
  const genesis = chain.sm.head()
  const [id0, first] = values[0] as [unknown, { Type: string; Val: { Height: number; Cids: { '/': string }[] } }[]]
  assert.equal(id0, chanId)
  assert.equal(first[0]!.Type, 'current')
  assert.equal(first[0]!.Val.Cids[0]!['/'], genesis.cids[0]!.toString())

  const exec = await chain.sm.tipSetState(genesis)
  const h: BlockHeader = {
    ...genesis.blocks[0]!,
    miner: Address.fromId(100),
    ticket: { vrfProof: new Uint8Array([1]) },
    electionProof: { winCount: 1, vrfProof: new Uint8Array([2]) },
    parents: [...genesis.cids],
    height: 1,
    parentStateRoot: exec.stateRoot,
    parentMessageReceipts: exec.receiptsRoot,
    messages: await chain.chain.putBlockMessages({ bls: [], secp: [] }),
    timestamp: genesis.minTimestamp + 4,
    parentBaseFee: await chain.sm.baseFee(genesis),
  }
  const ts = TipSet.create([h])
  assert.equal(await chain.chain.maybeTakeHeavierTipSet(ts, 1n), true)
  await waitFor(2)
  const second = values[1]![1] as { Type: string; Val: { Height: number } }[]
  assert.deepEqual(
    second.map((c) => [c.Type, c.Val.Height]),
    [['apply', 1]],
  )
  ws.close()
})
