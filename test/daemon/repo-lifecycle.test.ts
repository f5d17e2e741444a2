/**
 * Repo and keystore durability with real processes: a key survives kill -9 right after WalletNew, the
 * stale lock of a killed daemon does not block a restart, a second daemon on a locked repo is refused,
 * and a key exported from one repo imports into another and signs identically.
 */
import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { killAll, rpc, runLotus, startDaemon, stopDaemon, tempDir } from '../helpers/lotus-process.ts'

after(killAll)

const result = (r: { body: unknown }) => {
  const b = r.body as { result?: unknown; error?: { message: string } }
  if (b.error) throw new Error(b.error.message)
  return b.result
}

describe('repo lifecycle', () => {
  it('keeps keys through kill -9, restarts over the stale lock, refuses a second daemon, and moves keys between repos', async () => {
    const repoA = tempDir()
    let a = await startDaemon(repoA)
    const secp = result(await rpc(a.base, 'Filecoin.WalletNew', ['secp256k1'], a.token)) as string
    const bls = result(await rpc(a.base, 'Filecoin.WalletNew', ['bls'], a.token)) as string
    a.proc.kill('SIGKILL')
    await a.exited

    // The lock file of the killed process is still there; the restart must take it over.
    a = await startDaemon(repoA)
    assert.deepEqual(result(await rpc(a.base, 'Filecoin.WalletList', [], a.token)), [secp, bls].sort())

    // A second daemon on the same repo is refused while the first runs.
    const second = await runLotus(['daemon'], a.env)
    assert.notEqual(second.code, 0)
    assert.match(second.stderr, /repo is already locked \(process is already running\)/)
    assert.match(second.stderr, new RegExp(`held by pid ${a.proc.pid}`))

    // Export from A with the CLI, import into B with the CLI (stdin), sign the same bytes on both.
    const repoB = tempDir()
    const b = await startDaemon(repoB)
    const data = Buffer.from('the same bytes').toString('base64')
    for (const addr of [secp, bls]) {
      const exported = await runLotus(['wallet', 'export', addr], a.env)
      assert.equal(exported.code, 0, exported.stderr)
      const imported = await runLotus(['wallet', 'import'], b.env, exported.stdout)
      assert.equal(imported.stdout, `imported key ${addr} successfully!\n`)
      const sigA = result(await rpc(a.base, 'Filecoin.WalletSign', [addr, data], a.token))
      const sigB = result(await rpc(b.base, 'Filecoin.WalletSign', [addr, data], b.token))
      assert.deepEqual(sigA, sigB)
      const ok = result(await rpc(b.base, 'Filecoin.WalletVerify', [addr, data, sigA]))
      assert.equal(ok, true)
    }
    // Importing the same key twice is refused by name.
    const again = await runLotus(['wallet', 'export', secp], a.env)
    const dup = await runLotus(['wallet', 'import'], b.env, again.stdout)
    assert.equal(dup.code, 1)
    assert.match(dup.stderr, /key already exists/)

    assert.equal(await stopDaemon(a), 0)
    assert.equal(await stopDaemon(b), 0)
  })
})
