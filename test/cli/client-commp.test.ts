/** `lotus client commP` through the real binary, against go-fil-commp-hashhash's published random vectors. */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createWriteStream, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { killAll, LOTUS_BIN, runLotus, tempDir } from '../helpers/lotus-process.ts'
import { goRandomChunks } from '../proofs/go-math-rand.ts'
import { readTextVector } from '../vectors.ts'

async function writeGoRandom(path: string, size: number): Promise<void> {
  const out = createWriteStream(path)
  for (const chunk of goRandomChunks(size)) {
    if (!out.write(chunk.slice())) await new Promise<void>((r) => out.once('drain', () => r()))
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
}

describe('lotus client commP', () => {
  after(killAll)

  // 2,080,767 bytes fills a 2 MiB piece exactly; 66,584,577 is one byte past a 64 MiB piece, so it pads to
  // 128 MiB, is split unevenly between the two hashing threads, and is large enough to show progress.
  for (const size of [2_080_767, 66_584_577]) {
    it(`prints the published piece CID and size for ${size} random bytes`, async (t) => {
      const text = readTextVector(t, 'commp/random.txt')
      if (text === null) return
      const line = text.split('\n').find((l) => l.startsWith(`${size},`))
      assert.ok(line, `vector line for ${size}`)
      const [, padded, cid] = line.split(',')
      const dir = tempDir()
      const file = join(dir, 'payload')
      await writeGoRandom(file, size)
      const r = await runLotus(['client', 'commP', file], { ...process.env, LOTUS_PATH: join(dir, 'repo') })
      assert.equal(r.code, 0, r.stderr)
      assert.match(r.stdout, new RegExp(`^CID:  ${cid}$`, 'm'))
      assert.match(r.stdout, new RegExp(`^Piece size in bytes:  ${padded}$`, 'm'))
      if (size > 64 << 20) assert.match(r.stderr, /commP \[#+\.*\]\s+100\.0%/)
    })
  }

  it('works from any directory (the hashing threads find their loader from the package, not the cwd)', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'payload'), new Uint8Array(127).fill(0xcc))
    const r = spawnSync(process.execPath, [LOTUS_BIN, 'client', 'commP', 'payload'], { cwd: dir, encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    // commp/0xCC.txt: 127 bytes of 0xCC
    assert.match(r.stdout, /^CID: {2}baga6ea4seaqmfldjtozgne6adk7eve2vdxte7vzlivae7nzsbrawobo546zkijq$/m)
  })

  it('names the problem when the file is missing', async () => {
    const r = await runLotus(['client', 'commP', '/nonexistent/file'], process.env)
    assert.equal(r.code, 1)
    assert.match(r.stderr, /commP: cannot read \/nonexistent\/file: ENOENT/)
    assert.equal(r.stdout, '')
  })
})
