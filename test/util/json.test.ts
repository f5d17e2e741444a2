import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DecodeError } from '../../src/util/errors.ts'
import { parseJson, stringifyJson } from '../../src/util/json.ts'

describe('lossless JSON', () => {
  it('keeps uint64 values past 2^53 exact', () => {
    const v = parseJson('{"Nonce": 8761748149847665013, "Small": 34, "Neg": -9223372036854775808, "F": 1.5}') as Record<
      string,
      unknown
    >
    assert.equal(v.Nonce, 8761748149847665013n)
    assert.equal(v.Small, 34)
    assert.equal(v.Neg, -9223372036854775808n)
    assert.equal(v.F, 1.5)
    assert.equal(stringifyJson(v), '{"Nonce":8761748149847665013,"Small":34,"Neg":-9223372036854775808,"F":1.5}')
  })

  it('parses what JSON.parse parses', () => {
    const text = '{"a":[1,2,{"b":null,"c":true,"d":false}],"e":"x\\"y\\u00e9\\n","f":-0.5e3,"g":{}}'
    assert.deepEqual(parseJson(text), JSON.parse(text))
  })

  it('does not let __proto__ pollute', () => {
    const v = parseJson('{"__proto__": {"polluted": 1}}') as Record<string, unknown>
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
    assert.deepEqual(Object.keys(v), ['__proto__'])
  })

  for (const [name, text] of [
    ['trailing comma', '[1,2,]'],
    ['single quotes', "{'a':1}"],
    ['trailing garbage', '{} x'],
    ['unterminated string', '"abc'],
    ['leading zero', '012'],
    ['empty', ''],
    ['raw control character', '"a\u0001b"'],
  ]) {
    it(`rejects ${name}`, () => assert.throws(() => parseJson(text!), DecodeError))
  }

  it('limits depth', () => {
    assert.throws(() => parseJson(`${'['.repeat(10_000)}${']'.repeat(10_000)}`), /nesting deeper than/)
  })
})
