import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { ChainStore } from '../../../src/chain/store/chain-store.ts'
import { LmdbBlockstore } from '../../../src/ipld/lmdb-blockstore.ts'

/** Runs the child until it reports a head of at least `minHeight`, then SIGKILLs it; returns the last height. */
function runAndKill(dir: string, minHeight: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'kill-child.ts'), dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let last = -1
    let buf = ''
    let err = ''
    proc.stderr.on('data', (d) => {
      err += d
    })
    proc.stdout.on('data', (d) => {
      buf += d
      const lines = buf.split('\n')
      buf = lines.pop()!
      for (const l of lines) last = Number(l.split(' ')[1])
      if (last >= minHeight) proc.kill('SIGKILL')
    })
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last)
      else reject(new Error(`child exited ${code}: ${err}`))
    })
  })
}

test('kill -9 while the head advances: the store reopens at a committed head, indices consistent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chainstore-kill-'))
  try {
    for (const target of [20, 45]) {
      const reported = await runAndKill(dir, target)
      const bs = LmdbBlockstore.open({ path: join(dir, 'blocks') })
      const cs = await ChainStore.open({ blockstore: bs }, { path: join(dir, 'index') })
      const head = cs.getHead()!
      // Every reported head was committed; the child may have committed one more before it died.
      assert.ok(head.height >= reported, `head ${head.height} behind reported ${reported}`)
      assert.ok(head.height <= reported + 1)
      assert.equal(cs.getHeadWeight(), BigInt(head.height) * 10n)
      for (let h = 0; h <= head.height; h++) assert.equal((await cs.getTipSetByHeight(h)).height, h)
      await cs.close()
      await bs.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
