/**
 * Lossless JSON for Lotus's wire: Go writes uint64 and int64 as bare JSON numbers, which lose precision
 * in JSON.parse past 2^53. `parseJson` turns integer literals beyond the safe range into bigints;
 * `stringifyJson` writes bigints as bare numbers. Depth is limited so hostile input cannot blow the stack.
 */
import { DecodeError } from './errors.ts'

export const MAX_JSON_DEPTH = 128
const LITERALS: [string, unknown][] = [
  ['true', true],
  ['false', false],
  ['null', null],
]

export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let i = 0
  const fail = (what: string): never => {
    throw new DecodeError(`invalid JSON: ${what} at position ${i}`)
  }
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++
      else break
    }
  }
  const value = (depth: number): unknown => {
    if (depth > maxDepth) fail(`nesting deeper than ${maxDepth}`)
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const out: Record<string, unknown> = {}
      ws()
      if (text[i] === '}') {
        i++
        return out
      }
      for (;;) {
        ws()
        if (text[i] !== '"') fail('expected a string key')
        const key = string()
        ws()
        if (text[i] !== ':') fail("expected ':'")
        i++
        const v = value(depth + 1)
        if (key === '__proto__')
          Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true })
        else out[key] = v
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return out
        }
        fail("expected ',' or '}'")
      }
    }
    if (c === '[') {
      i++
      const out: unknown[] = []
      ws()
      if (text[i] === ']') {
        i++
        return out
      }
      for (;;) {
        out.push(value(depth + 1))
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return out
        }
        fail("expected ',' or ']'")
      }
    }
    if (c === '"') return string()
    for (const [word, v] of LITERALS) {
      if (text.startsWith(word, i)) {
        i += word.length
        return v
      }
    }
    return number()
  }
  const string = (): string => {
    const start = i
    i++
    let simple = true
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === 0x22) break
      if (c === 0x5c) {
        simple = false
        i += 2
        continue
      }
      if (c < 0x20) fail('control character in string')
      i++
    }
    if (i >= text.length) fail('unterminated string')
    i++
    const raw = text.slice(start, i)
    if (simple) return raw.slice(1, -1)
    try {
      return JSON.parse(raw) as string
    } catch {
      return fail('bad escape in string')
    }
  }
  const number = (): number | bigint => {
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (!m)
      return fail(i >= text.length ? 'unexpected end of input' : `unexpected character ${JSON.stringify(text[i])}`)
    i += m[0].length
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(m[0])
      return Number.isSafeInteger(n) ? n : BigInt(m[0])
    }
    return Number(m[0])
  }
  const v = value(0)
  ws()
  if (i !== text.length) fail('trailing characters')
  return v
}

/** JSON.stringify that writes bigints as bare integers. */
export function stringifyJson(value: unknown, space?: number): string {
  // Bigints become quoted placeholders carrying a per-call random tag (so no user string can collide),
  // then lose their quotes.
  const tag = `~big${Math.random().toString(36).slice(2)}~`
  let found = false
  const text = JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v !== 'bigint') return v
      found = true
      return `${tag}${v}`
    },
    space,
  )
  return found ? text.replace(new RegExp(`"${tag}(-?\\d+)"`, 'g'), '$1') : text
}
