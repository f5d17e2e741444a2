import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { LocalMessageFile } from '../../src/daemon/local-messages.ts'
import { newKey, signed } from '../chain/mpool/fixtures.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-local-msgs-'))
after(() => rmSync(dir, { recursive: true, force: true }))

it('saves and loads signed messages; a missing or corrupt file loads as none', () => {
  const f = new LocalMessageFile(join(dir, 'm.cbor'))
  assert.deepEqual(f.load(), [])
  const k = newKey()
  const msgs = [signed(k, 0), signed(k, 1, { value: 5n })]
  f.save(msgs)
  assert.deepEqual(f.load(), msgs)
  f.save([])
  assert.deepEqual(f.load(), [])
  writeFileSync(join(dir, 'bad.cbor'), Uint8Array.of(0x82, 0x01))
  assert.deepEqual(new LocalMessageFile(join(dir, 'bad.cbor')).load(), [])
})
