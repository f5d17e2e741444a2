import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, describe, it } from 'node:test'
import { killAll, rpc, runLotus, startDaemon, stopDaemon, tempDir } from '../helpers/lotus-process.ts'
import { preSealFileFromJson } from '../../src/chain/genesis/miner.ts'
import { templateFromJson } from '../../src/chain/genesis/template.ts'
import { keyAddress } from '../../src/crypto/sigs.ts'
import { SigType } from '../../src/core/signature.ts'
import { keyInfoFromJson } from '../../src/wallet/key-info.ts'
import { fromHex } from '../../src/util/bytes.ts'

const SEED_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'lotus-seed')
const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-preseal-'))
after(async () => {
  await killAll()
  rmSync(dir, { recursive: true, force: true })
})

const seed = (...args: string[]) => spawnSync(process.execPath, [SEED_BIN, ...args], { encoding: 'utf8' })

describe('lotus-seed pre-seal and genesis add-miner', () => {
  const sectors = join(dir, 'sectors')

  it('pre-seal seals the sectors and writes Lotus files, the miner JSON and its key', () => {
    const r = seed('--sector-dir', sectors, 'pre-seal', '--sector-size', '2KiB', '--num-sectors', '2')
    assert.equal(r.status, 0, r.stderr)
    for (const n of [0, 1]) {
      assert.equal(readFileSync(join(sectors, 'sealed', `s-t01000-${n}`)).length, 2048)
      const cache = readdirSync(join(sectors, 'cache', `s-t01000-${n}`)).sort()
      assert.deepEqual(cache, ['p_aux', 'sc-02-data-tree-r-last.dat', 't_aux'])
      assert.equal(existsSync(join(sectors, 'unsealed', `s-t01000-${n}`)), false)
    }
    const meta = JSON.parse(readFileSync(join(sectors, 'sectorstore.json'), 'utf8'))
    assert.equal(meta.CanSeal, false)
    assert.equal(meta.CanStore, false)
    const [m, ...rest] = preSealFileFromJson(readFileSync(join(sectors, 'pre-seal-t01000.json'), 'utf8'))
    assert.equal(rest.length, 0)
    assert.equal(m!.id.toString(), 't01000')
    assert.equal(m!.sectorSize, 2048)
    assert.deepEqual(
      m!.sectors.map((s) => s.sectorId),
      [0, 1],
    )
    for (const s of m!.sectors) {
      assert.equal(s.proofType, 5)
      assert.match(s.commR.toString(), /^bagboea4b5abc/)
      assert.match(s.commD.toString(), /^baga6ea4seaq/)
      assert.ok(s.deal.pieceCid.equals(s.commD))
      assert.equal(s.deal.provider.toString(), 't01000')
    }
    assert.notEqual(m!.sectors[0]!.commR.toString(), m!.sectors[1]!.commR.toString())
    const keyHex = readFileSync(join(sectors, 'pre-seal-t01000.key'), 'utf8')
    const ki = keyInfoFromJson(new TextDecoder().decode(fromHex(keyHex)))
    assert.equal(ki.type, 'bls')
    const addr = keyAddress(SigType.BLS, ki.privateKey)
    assert.equal(m!.owner.toString(), addr.toString())
    assert.equal(m!.worker.toString(), addr.toString())

    // the same key given back with --key is kept
    const again = join(dir, 'again')
    const r2 = seed('--sector-dir', again, 'pre-seal', '--num-sectors', '1', '--miner-addr', 't01001', '--key', keyHex)
    assert.equal(r2.status, 0, r2.stderr)
    const [m2] = preSealFileFromJson(readFileSync(join(again, 'pre-seal-t01001.json'), 'utf8'))
    assert.equal(m2!.owner.toString(), addr.toString())
    assert.ok(existsSync(join(again, 'sealed', 's-t01001-0')))
  })

  it('add-miner appends the pre-seal miner to the template, once', () => {
    const t = join(dir, 'genesis.json')
    assert.equal(seed('genesis', 'new', t, '--network-name=n').status, 0)
    const ps = join(sectors, 'pre-seal-t01000.json')
    const r = seed('genesis', 'add-miner', t, ps)
    assert.equal(r.status, 0, r.stderr)
    const tpl = templateFromJson(readFileSync(t, 'utf8'))
    assert.equal(tpl.miners.length, 1)
    const [back] = preSealFileFromJson(JSON.stringify({ t01000: tpl.miners[0] }))
    assert.equal(back!.sectors.length, 2)
    // as Lotus, the owner gets 50M FIL to pay for its messages
    assert.deepEqual(
      tpl.accounts.map((a) => [a.meta.Owner, a.balance]),
      [[back!.owner.toString(), 50_000_000n * 10n ** 18n]],
    )
    const dup = seed('genesis', 'add-miner', t, ps)
    assert.notEqual(dup.status, 0)
    assert.match(dup.stderr, /already/)
  })

  it('a daemon made from the template has the miner with its pre-sealed power', async () => {
    const repo = tempDir()
    const car = join(dir, 'genesis.car')
    const args = [`--lotus-make-genesis=${car}`, `--genesis-template=${join(dir, 'genesis.json')}`]
    const d = await startDaemon(repo, {}, 30000, args)
    try {
      const actor = await runLotus(['state', 'get-actor', 't01000'], d.env)
      assert.equal(actor.code, 0, actor.stderr)
      assert.match(actor.stdout, /\(storageminer\)/)
      const r = await rpc(d.base, 'Filecoin.StateMinerPower', ['t01000', null], d.token)
      const power = (r.body as { result: { MinerPower: { RawBytePower: string; QualityAdjPower: string } } }).result
      assert.equal(power.MinerPower.RawBytePower, '4096', r.text)
      assert.equal(power.MinerPower.QualityAdjPower, '4096')
    } finally {
      await stopDaemon(d)
    }
  })

  it('bad input fails with a reason', () => {
    const bad = seed(
      '--sector-dir',
      join(dir, 'x'),
      'pre-seal',
      '--miner-addr',
      't1ceb34gnsc6qk5dt6n7xg6ycwzasjhbxm3iylkiy',
    )
    assert.notEqual(bad.status, 0)
    assert.match(bad.stderr, /not an ID address/)
    assert.match(
      seed('--sector-dir', join(dir, 'y'), 'pre-seal', '--sector-size', '3KiB').stderr,
      /not a Filecoin sector size/,
    )
    assert.match(seed('--sector-dir', join(dir, 'y'), 'pre-seal', '--key', 'zz').stderr, /--key: not hex/)
    const t = join(dir, 'g2.json')
    seed('genesis', 'new', t, '--network-name=n')
    const f = join(dir, 'bad-preseal.json')
    writeFileSync(f, JSON.stringify({ t01000: { ID: 't01000', Owner: 't01', Worker: 't01', SectorSize: 'x' } }))
    assert.match(seed('genesis', 'add-miner', t, f).stderr, /SectorSize/)
    writeFileSync(f, '[1]')
    assert.match(seed('genesis', 'add-miner', t, f).stderr, /pre-seal file/)
  })
})
