import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ExitCode, exitCodeFromName, exitCodeName, formatExitCode, isSendFailure } from '../../src/core/exit-code.ts'

test('exit code table: system 0-15, shared actor errors 16-26, actor-specific 32', () => {
  const expected: [string, number][] = [
    ['Ok', 0],
    ['SysErrSenderInvalid', 1],
    ['SysErrSenderStateInvalid', 2],
    ['SysErrIllegalInstruction', 4],
    ['SysErrInvalidReceiver', 5],
    ['SysErrInsufficientFunds', 6],
    ['SysErrOutOfGas', 7],
    ['SysErrIllegalExitCode', 9],
    ['SysErrFatal', 10],
    ['SysErrMissingReturn', 11],
    ['ErrIllegalArgument', 16],
    ['ErrNotFound', 17],
    ['ErrForbidden', 18],
    ['ErrInsufficientFunds', 19],
    ['ErrIllegalState', 20],
    ['ErrSerialization', 21],
    ['ErrUnhandledMessage', 22],
    ['ErrUnspecified', 23],
    ['ErrAssertionFailed', 24],
    ['ErrReadOnly', 25],
    ['ErrTooManyProveCommits', 32],
  ]
  for (const [name, code] of expected) {
    assert.equal(exitCodeFromName(name), code, name)
    assert.equal(exitCodeName(code), name)
  }
  assert.equal(new Set(Object.values(ExitCode)).size, Object.keys(ExitCode).length, 'numbers are unique')
  assert.equal(exitCodeFromName('toString'), undefined)
  assert.equal(exitCodeName(99), undefined)
})

test("formatExitCode is Go's ExitCode.String()", () => {
  assert.equal(formatExitCode(0), 'Ok(0)')
  assert.equal(formatExitCode(7), 'SysErrOutOfGas(7)')
  assert.equal(formatExitCode(10), 'SysFatal(10)')
  assert.equal(formatExitCode(16), '16')
  assert.equal(formatExitCode(-1), '-1')
  assert.ok(isSendFailure(2) && !isSendFailure(7))
})
