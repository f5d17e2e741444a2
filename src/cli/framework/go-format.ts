/**
 * Go's formatting as Lotus's commands print it: `time.Duration.String()` and lotus `types.SizeStr` ("%.4g"
 * with binary units), shared by every program's commands.
 */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB']

/** Go fmt "%.4g". */
function g4(x: number): string {
  if (x === 0) return '0'
  const exp = Math.floor(Math.log10(Math.abs(x)))
  if (exp < -4 || exp >= 4) {
    const [m, e] = x.toExponential(3).split('e')
    const mant = m!.includes('.') ? m!.replace(/\.?0+$/, '') : m!
    const n = Number(e)
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`
  }
  const s = x.toPrecision(4)
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s
}

/** lotus types.SizeStr. */
export function sizeStr(bytes: number): string {
  if (bytes <= 0) return '0 B'
  let f = bytes
  let i = 0
  while (f >= 1024 && i + 1 < UNITS.length) {
    f /= 1024
    i++
  }
  return `${g4(f)} ${UNITS[i]}`
}

/** lotus-bench `bps`: sector bytes × sectors per second of `ns`, as SizeStr + "/s". */
export function bps(sectorSize: number, sectors: number, ns: number): string {
  if (ns <= 0) return '0 B/s'
  return `${sizeStr(Math.floor((sectorSize * sectors * 1e9) / ns))}/s`
}

function fraction(v: number, digits: number): string {
  // v is an integer count of units of 10^-digits; print with trailing zeros trimmed
  const whole = Math.floor(v / 10 ** digits)
  const frac = String(v % 10 ** digits)
    .padStart(digits, '0')
    .replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : String(whole)
}

/** Go time.Duration.String() of an integer nanosecond count. */
export function goDuration(nsIn: number): string {
  let ns = Math.round(nsIn)
  if (ns === 0) return '0s'
  const neg = ns < 0
  if (neg) ns = -ns
  let out: string
  if (ns < 1000) out = `${ns}ns`
  else if (ns < 1e6) out = `${fraction(ns, 3)}µs`
  else if (ns < 1e9) out = `${fraction(ns, 6)}ms`
  else {
    const h = Math.floor(ns / 3.6e12)
    const m = Math.floor((ns % 3.6e12) / 6e10)
    const s = fraction(ns % 6e10, 9)
    out = h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`
  }
  return neg ? `-${out}` : out
}
