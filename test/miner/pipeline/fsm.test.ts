import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openSqlite } from '../../../src/db/sql-store.ts'
import { isTerminal, TRANSITIONS } from '../../../src/miner/pipeline/fsm.ts'
import { ccExpiration, goDurationSecs, retryDelay } from '../../../src/miner/pipeline/policy.ts'
import { SectorConflictError, SectorStore } from '../../../src/miner/pipeline/sector-store.ts'
import { isSectorState, parseSectorState, SECTOR_STATES } from '../../../src/miner/pipeline/states.ts'
import { InvalidError, NotFoundError } from '../../../src/util/errors.ts'
import { POLICY } from './harness.ts'

test('the transition table: every state has an entry, every event a known target, every failure a retrying state', () => {
  assert.deepEqual(Object.keys(TRANSITIONS).sort(), [...SECTOR_STATES].sort())
  for (const [state, def] of Object.entries(TRANSITIONS)) {
    for (const [event, to] of Object.entries(def.on)) assert.ok(isSectorState(to), `${state} --${event}--> ${to}`)
    if (!def.run) {
      assert.deepEqual(def.on, {}, `terminal ${state} has no events`)
      continue
    }
    if (def.fail) {
      const to = def.on[def.fail]
      assert.ok(to, `${state}: its failure event ${def.fail} is in its table`)
      assert.equal(TRANSITIONS[to].retry, true, `${state} fails into ${to}, which retries`)
    }
    if (def.retry) {
      assert.equal(def.fail, undefined, `failure state ${state} stays put when its retry throws`)
      for (const to of Object.values(def.on)) assert.notEqual(TRANSITIONS[to].retry, true, `${state} retries into work`)
    }
  }
  assert.deepEqual(SECTOR_STATES.filter(isTerminal), ['Proving', 'FailedUnrecoverable', 'Removed'])
  const needFail = SECTOR_STATES.filter((s) => TRANSITIONS[s].run && !TRANSITIONS[s].retry && !TRANSITIONS[s].fail)
  assert.deepEqual(needFail, ['WaitDeals'], 'only WaitDeals (which cannot fail) has no failure state')
})

test('every state but WaitDeals and FailedUnrecoverable (a table bug) is reachable from Packing or SectorRemove', () => {
  const seen = new Set<string>(['Packing', 'Removing'])
  const todo = ['Packing', 'Removing']
  while (todo.length > 0) {
    for (const to of Object.values(TRANSITIONS[todo.pop() as keyof typeof TRANSITIONS].on)) {
      if (!seen.has(to)) {
        seen.add(to)
        todo.push(to)
      }
    }
  }
  assert.deepEqual(
    SECTOR_STATES.filter((s) => !seen.has(s)),
    ['WaitDeals', 'FailedUnrecoverable'],
  )
})

test('state names are checked with an error that names the bad one', () => {
  assert.equal(parseSectorState('PreCommit1'), 'PreCommit1')
  assert.throws(
    () => parseSectorState('PreComit1'),
    (e: unknown) => e instanceof InvalidError && /"PreComit1"/.test(e.message),
  )
})

test('sector rows: numbers from the counter are never reused, updates are compare-and-set with a log line', () => {
  const db = openSqlite(':memory:')
  let now = 1_000
  const store = new SectorStore(db, () => now)
  const a = store.create(5, 'Packing', { kind: 'event;sealing.SectorStartCC', message: 'pledged' })
  const b = store.create(5, 'Packing', { kind: 'event;sealing.SectorStartCC', message: 'pledged' })
  assert.deepEqual([a.number, b.number], [0, 1])
  store.ensureNextAtLeast(1)
  assert.equal(store.nextNumber(), 2, 'never lowered')
  store.ensureNextAtLeast(10)
  assert.equal(store.create(5, 'Packing', { kind: 'k', message: 'm' }).number, 10)
  now = 2_000
  const moved = store.update(0, a.version, {
    state: 'GetTicket',
    data: { commD: 'ab', ticketEpoch: 7 },
    log: { kind: 'event;sealing.SectorPacked', message: 'packed' },
  })
  assert.equal(moved.state, 'GetTicket')
  assert.equal(moved.commD, 'ab')
  assert.equal(moved.ticketEpoch, 7)
  assert.equal(moved.updatedAt, 2_000)
  assert.throws(
    () => store.update(0, a.version, { state: 'Proving', log: { kind: 'k', message: 'stale' } }),
    SectorConflictError,
  )
  assert.equal(store.get(0).state, 'GetTicket', 'the stale writer changed nothing')
  assert.deepEqual(
    store.log(0).map((l) => [l.at, l.kind, l.message]),
    [
      [1_000, 'event;sealing.SectorStartCC', 'pledged'],
      [2_000, 'event;sealing.SectorPacked', 'packed'],
    ],
  )
  assert.throws(
    () => store.get(99),
    (e: unknown) => e instanceof NotFoundError && e.message === 'sector 99 not found',
  )
  // A failed creation rolls back the counter with the row.
  assert.throws(() =>
    db.transaction(() => {
      store.create(5, 'Packing', { kind: 'k', message: 'm' })
      throw new Error('crash inside the transaction')
    }),
  )
  assert.equal(store.nextNumber(), 11)
  db.close()
})

test('the sector lifetime stays within what the miner actor accepts; retries back off', () => {
  assert.equal(goDurationSecs('12960h0m0s'), 12960 * 3600)
  assert.ok(Number.isNaN(goDurationSecs('12960 hours')))
  const h = 1000
  const exp = ccExpiration(POLICY, h)
  const activation = h + POLICY.maxProveCommitDuration
  assert.ok(exp - activation >= POLICY.minSectorExpiration, 'lifetime after activation above the minimum')
  assert.ok(exp <= h + POLICY.maxSectorExpirationExtension, 'not past the maximum extension')
  assert.deepEqual(
    [1, 2, 3, 4, 10].map((r) => retryDelay(POLICY, r)),
    [20, 40, 80, 100, 100],
  )
})
