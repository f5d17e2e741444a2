/**
 * Token amounts: `bigint` attoFIL (1 FIL = 10^18 attoFIL). Parsing and formatting follow Lotus's
 * `types.ParseFIL`, `FIL.String()` and `FIL.Short()` (chain/types/fil.go).
 */
import { DecodeError } from '../util/errors.ts'

/** attoFIL per FIL (`build.FilecoinPrecision`). */
export const FIL_PRECISION = 10n ** 18n
/** Total FIL supply in attoFIL (2 billion FIL, `build.FilBase`). */
export const TOTAL_FILECOIN = 2_000_000_000n * FIL_PRECISION

/**
 * Unit suffixes (lower-cased, trimmed) and their power of ten in attoFIL. Lotus accepts `fil`, `attofil`
 * and `afil`; the SI prefixes that `FIL.Short()` prints (`mFIL`, `μFIL`, `nFIL`...) and their long names are
 * accepted too, so whatever Lotus-TS prints reads back.
 */
const UNITS: Record<string, number> = {
  '': 18,
  fil: 18,
  millifil: 15,
  mfil: 15,
  microfil: 12,
  μfil: 12,
  ufil: 12,
  nanofil: 9,
  nfil: 9,
  picofil: 6,
  pfil: 6,
  femtofil: 3,
  ffil: 3,
  attofil: 0,
  afil: 0,
}

/** Lotus's limit on the numeric part of a FIL string. */
const MAX_NUMBER_LEN = 50

/**
 * Parses `1.5`, `1.5 FIL`, `-1 FIL`, `10 attoFIL`, `10aFIL`, `3 mFIL`, `2 nanoFIL` into attoFIL.
 * A value finer than one attoFIL (e.g. 19 decimals of FIL) is an error.
 */
export function parseFil(text: string): bigint {
  const numEnd = /^[-.0-9]*/.exec(text)![0].length
  const num = text.slice(0, numEnd)
  const suffix = text.slice(numEnd)
  const exp = UNITS[suffix.trim().toLowerCase()]
  if (exp === undefined) throw new DecodeError(`FIL amount: unrecognized suffix ${JSON.stringify(suffix)}`)
  if (num.length > MAX_NUMBER_LEN) throw new DecodeError(`FIL amount: string length too large: ${num.length}`)
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(num)
  if (!m || (m[2] === '' && (m[3] ?? '') === ''))
    throw new DecodeError(`FIL amount: failed to parse ${JSON.stringify(num)} as a decimal number`)
  const [, sign, whole, frac = ''] = m
  const digits = frac.replace(/0+$/, '')
  if (digits.length > exp) {
    const unit = suffix.trim() || 'FIL'
    throw new DecodeError(
      `FIL amount: invalid ${unit} value ${JSON.stringify(num)}: more than ${exp} decimal places (finer than 1 attoFIL)`,
    )
  }
  const atto = BigInt(whole || '0') * 10n ** BigInt(exp) + BigInt(digits.padEnd(exp, '0') || '0')
  return sign === '-' ? -atto : atto
}

/** `numerator / 10^scale` with `places` decimals, rounded half away from zero, trailing zeros trimmed. */
function decimal(n: bigint, scale: bigint, places: number): string {
  const neg = n < 0n
  const mag = neg ? -n : n
  const unit = 10n ** BigInt(places)
  let q = (mag * unit) / scale
  if (((mag * unit) % scale) * 2n >= scale) q += 1n
  const whole = q / unit
  const frac = (q % unit).toString().padStart(places, '0').replace(/0+$/, '')
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`
}

/** Lotus `FIL.String()`: exact FIL with trailing zeros trimmed, e.g. `12.5 FIL`, `0 FIL`, `-1 FIL`. */
export function formatFil(atto: bigint): string {
  if (atto === 0n) return '0 FIL'
  return `${decimal(atto, FIL_PRECISION, 18)} FIL`
}

const SHORT_PREFIXES = ['a', 'f', 'p', 'n', 'μ', 'm'] as const

/** Lotus `FIL.Short()`: the largest SI unit below the value, 3 decimals: `1.234 mFIL`, `10 aFIL`, `0`. */
export function formatFilShort(atto: bigint): string {
  if (atto === 0n) return '0'
  const mag = atto < 0n ? -atto : atto
  let dn = 1n
  let prefix = ''
  for (const p of SHORT_PREFIXES) {
    if (mag < dn * 1000n) {
      prefix = p
      break
    }
    dn *= 1000n
  }
  return `${decimal(atto, dn, 3)} ${prefix}FIL`
}
