import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Lifecycle } from '../../src/util/lifecycle.ts'
import { logger } from '../../src/util/log.ts'

describe('Lifecycle', () => {
  it('aborts the signal, runs cleanups in reverse once, and resolves closed', async () => {
    const life = new Lifecycle('test', logger('test'))
    const ran: string[] = []
    life.defer(() => void ran.push('first'))
    life.defer(async () => {
      ran.push('second')
      throw new Error('boom')
    })
    life.defer(() => void ran.push('third'))
    await Promise.all([life.close(), life.close()])
    await life.closed
    assert.equal(life.signal.aborted, true)
    // the failing cleanup is logged; the others still run, newest first, and only once
    assert.deepEqual(ran, ['third', 'second', 'first'])
  })

  it('unwinds a failed start without resolving closed', async () => {
    const life = new Lifecycle('test', logger('test'))
    let ran = 0
    life.defer(() => void ran++)
    await life.unwind()
    await life.unwind()
    assert.equal(ran, 1)
    const settled = await Promise.race([life.closed.then(() => 'closed'), Promise.resolve('pending')])
    assert.equal(settled, 'pending')
  })
})
