import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatFil, formatFilShort, parseFil } from '../../src/core/token.ts'
import { DecodeError } from '../../src/util/errors.ts'

const FIL = 10n ** 18n

test('parseFil accepts what Lotus ParseFIL accepts, plus the SI units Short() prints', () => {
  const cases: [string, bigint][] = [
    ['1.5', 15n * 10n ** 17n],
    ['1.5 FIL', 15n * 10n ** 17n],
    ['1.5fil', 15n * 10n ** 17n],
    ['10 attoFIL', 10n],
    ['10 aFIL', 10n],
    ['3 mFIL', 3n * 10n ** 15n],
    ['2 nanoFIL', 2n * 10n ** 9n],
    ['7 μFIL', 7n * 10n ** 12n],
    ['-1 FIL', -FIL],
    ['.5', FIL / 2n],
    ['0', 0n],
    ['0.000000000000000001', 1n],
    ['2000000000', 2_000_000_000n * FIL],
  ]
  for (const [text, atto] of cases) assert.equal(parseFil(text), atto, text)
})

test('parseFil errors name the problem', () => {
  const bad: [string, RegExp][] = [
    ['0.0000000000000000001', /invalid FIL value "0.0000000000000000001": more than 18 decimal places/],
    ['1.5 attoFIL', /invalid attoFIL value "1.5"/],
    ['1 GFIL', /unrecognized suffix " GFIL"/],
    ['', /failed to parse "" as a decimal number/],
    ['1.2.3', /failed to parse "1.2.3"/],
    ['1'.repeat(51), /string length too large: 51/],
  ]
  for (const [text, re] of bad)
    assert.throws(
      () => parseFil(text),
      (e: unknown) => e instanceof DecodeError && re.test(e.message),
      text,
    )
})

test('formatFil is Lotus FIL.String()', () => {
  assert.equal(formatFil(0n), '0 FIL')
  assert.equal(formatFil(FIL), '1 FIL')
  assert.equal(formatFil(125n * 10n ** 17n), '12.5 FIL')
  assert.equal(formatFil(1n), '0.000000000000000001 FIL')
  assert.equal(formatFil(-FIL / 2n), '-0.5 FIL')
  assert.equal(formatFil(2_000_000_000n * FIL), '2000000000 FIL')
})

test('formatFilShort is Lotus FIL.Short() (lotus fil_test.go TestFilShort)', () => {
  const cases: [string, string][] = [
    ['1', '1 FIL'],
    ['1.1', '1.1 FIL'],
    ['123456', '123456 FIL'],
    ['123456.2341234', '123456.234 FIL'],
    ['123456.234123445', '123456.234 FIL'],
    ['0.1', '100 mFIL'],
    ['0.001', '1 mFIL'],
    ['0.0001', '100 μFIL'],
    ['0.0000001', '100 nFIL'],
    ['0.0000000001', '100 pFIL'],
    ['0.0000000000001', '100 fFIL'],
    ['0.000000000000000001', '1 aFIL'],
    ['0.0000012344', '1.234 μFIL'],
    ['0.00022123444', '221.234 μFIL'],
    ['-0.00022123444', '-221.234 μFIL'],
    ['-123456.234123445', '-123456.234 FIL'],
    ['-0.000000000000000001', '-1 aFIL'],
  ]
  for (const [fil, want] of cases) assert.equal(formatFilShort(parseFil(fil)), want, fil)
  assert.equal(formatFilShort(0n), '0')
  assert.equal(formatFilShort(10n), '10 aFIL')
  // Rounds half away from zero at the third decimal, as Go's Rat.FloatString does.
  assert.equal(formatFilShort(12345n * 10n ** 11n), '1.235 mFIL')
  assert.equal(formatFilShort(-12345n * 10n ** 11n), '-1.235 mFIL')
})

test('what formatFil prints parses back', () => {
  for (const atto of [0n, 1n, -1n, 123456789n, 10n ** 18n + 1n, -(10n ** 27n)])
    assert.equal(parseFil(formatFil(atto)), atto)
})
