import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { migrate } from '../../src/db/migrate.ts'
import { openSqlite, SqlError } from '../../src/db/sql-store.ts'
import { InvalidError } from '../../src/util/errors.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-db-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const steps = [['CREATE TABLE kv (k TEXT PRIMARY KEY, v BIGINT NOT NULL)'], ['ALTER TABLE kv ADD COLUMN note TEXT']]

test('migrations apply once, in order, and are remembered across reopen', () => {
  const path = join(dir, 'm.sqlite')
  const db = openSqlite(path)
  assert.equal(migrate(db, 'kv', steps.slice(0, 1)), 1)
  db.run('INSERT INTO kv (k, v) VALUES (?, ?)', ['a', 1])
  db.close()
  const db2 = openSqlite(path)
  assert.equal(migrate(db2, 'kv', steps), 2)
  db2.run('UPDATE kv SET note = ? WHERE k = ?', ['hi', 'a'])
  assert.deepEqual(db2.get('SELECT k, v, note FROM kv'), { k: 'a', v: 1n, note: 'hi' })
  assert.equal(migrate(db2, 'kv', steps), 2) // no-op
  assert.throws(() => migrate(db2, 'kv', steps.slice(0, 1)), InvalidError)
  db2.close()
})

test('transaction commits on return and rolls back on throw; nested joins the outer one', () => {
  const db = openSqlite(':memory:')
  migrate(db, 'kv', steps)
  db.transaction(() => {
    db.run('INSERT INTO kv (k, v) VALUES (?, ?)', ['x', 1])
    db.transaction(() => db.run('INSERT INTO kv (k, v) VALUES (?, ?)', ['y', 2]))
  })
  assert.throws(() =>
    db.transaction(() => {
      db.run('INSERT INTO kv (k, v) VALUES (?, ?)', ['z', 3])
      throw new Error('boom')
    }),
  )
  assert.deepEqual(
    db.all<{ k: string }>('SELECT k FROM kv ORDER BY k').map((r) => r.k),
    ['x', 'y'],
  )
  db.close()
})

test('bytes round-trip and ON CONFLICT upserts work', () => {
  const db = openSqlite(':memory:')
  db.run('CREATE TABLE b (k TEXT PRIMARY KEY, v BLOB NOT NULL)')
  db.run('INSERT INTO b (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', ['k', new Uint8Array([1])])
  db.run('INSERT INTO b (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', [
    'k',
    new Uint8Array([2, 3]),
  ])
  const row = db.get<{ v: Uint8Array }>('SELECT v FROM b WHERE k = ?', ['k'])
  assert.deepEqual([...row!.v], [2, 3])
  db.close()
})

test('a bad statement is a SqlError naming the statement', () => {
  const db = openSqlite(':memory:')
  assert.throws(
    () => db.run('SELEC nope'),
    (e: unknown) => e instanceof SqlError && /SELEC nope/.test(e.message),
  )
  assert.throws(() => db.get('SELECT * FROM missing'), SqlError)
  db.close()
})
