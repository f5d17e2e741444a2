import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { CborValue } from '../../src/core/cbor/value.ts'
import { CID, cidOfBytes, RAW } from '../../src/core/cid.ts'
import { putCbor } from '../../src/ipld/blockstore.ts'
import { Hamt, type HamtOptions } from '../../src/ipld/hamt/hamt.ts'
import { MemoryBlockstore } from '../../src/ipld/memory-blockstore.ts'
import { compareBytes, toHex } from '../../src/util/bytes.ts'
import { DecodeError, InvalidError } from '../../src/util/errors.ts'
import { encodeUvarint } from '../../src/util/varint.ts'
import { prng } from './prng.ts'

const tb = (s: string | number) => new TextEncoder().encode(String(s))
const EMPTY = 'bafy2bzaceamp42wmmgr2g2ymg46euououzfyck7szknvfacqscohrvaikwfay'
/** ref-fvm's test-only Identity hash: the key's first 32 bytes, zero-padded. */
const identity = (k: Uint8Array) => {
  const out = new Uint8Array(32)
  out.set(k.subarray(0, 32))
  return out
}

test('empty HAMT is 824080', async () => {
  const bs = new MemoryBlockstore()
  const cid = await Hamt.create(bs).flush()
  assert.equal(cid.toString(), EMPTY)
  assert.equal(toHex((await bs.get(cid))!), '824080')
  const again = await Hamt.load(bs, cid)
  assert.equal((await again.flush()).toString(), EMPTY)
})

// Expected CIDs published in filecoin-project/ref-fvm ipld/hamt/tests/hamt_tests.rs, module test_default
// (SHA-256, BytesKey keys, `tstring(v)` = the decimal/text bytes as a CBOR byte string).
test('published ref-fvm HAMT vectors (SHA-256)', async () => {
  const bs = new MemoryBlockstore()
  const step = async (h: Hamt, want: string, what: string) => assert.equal((await h.flush()).toString(), want, what)

  const ifAbsent = Hamt.create(bs, { bitWidth: 8 })
  await ifAbsent.set('favorite-animal', tb('owl bear'))
  await step(ifAbsent, 'bafy2bzaced2tgnlsq4n2ioe6ldy75fw3vlrrkyfv4bq6didbwoob2552zvpuk', 'test_set_if_absent')

  const noEffect = Hamt.create(bs, { bitWidth: 1 })
  for (let i = 0; i < 30; i++) await noEffect.set(tb(i), tb('filler'))
  await step(noEffect, 'bafy2bzacebjilcrsqa4uyxuh36gllup4rlgnvwgeywdm5yqq2ks4jrsj756qq', 'set_with_no_effect 1')
  await noEffect.set('favorite-animal', tb('bright green bear'))
  await step(noEffect, 'bafy2bzacea7biyabzk7v7le2rrlec5tesjbdnymh5sk4lfprxibg4rtudwtku', 'set_with_no_effect 2')
  await noEffect.set('favorite-animal', tb('bright green bear'))
  await step(noEffect, 'bafy2bzacea7biyabzk7v7le2rrlec5tesjbdnymh5sk4lfprxibg4rtudwtku', 'set_with_no_effect 3')

  const del = Hamt.create(bs, { bitWidth: 8 })
  await del.set('foo', tb('cat dog bear'))
  await del.set('bar', tb('cat dog'))
  await del.set('baz', tb('cat'))
  const delRoot = await del.flush()
  assert.equal(delRoot.toString(), 'bafy2bzacebql36crv4odvxzstx2ubaczmawy2tlljxezvorcsoqeyyojxkrom')
  const del2 = await Hamt.load(bs, delRoot, { bitWidth: 8 })
  assert.equal(await del2.delete('foo'), true)
  assert.equal(await del2.delete('nonexistent'), false)
  assert.equal(await del2.get('foo'), undefined)
  await step(del2, 'bafy2bzaced7up7wkm7cirieh5bs4iyula5inrprihmjzozmku3ywvekzzmlyi', 'delete')

  const delCase = Hamt.create(bs, { bitWidth: 8 })
  await delCase.set(new Uint8Array([0]), tb('Test data'))
  await step(delCase, 'bafy2bzaceb2hikcc6tfuuuuehjstbiq356oruwx6ejyse77zupq445unranv6', 'delete_case 1')
  await delCase.delete(new Uint8Array([0]))
  await step(delCase, EMPTY, 'delete_case 2')

  const many = Hamt.create(bs)
  for (let i = 0; i < 200; i++) await many.set(tb(i), tb(i))
  await step(many, 'bafy2bzaceczhz54xmmz3xqnbmvxfbaty3qprr6dq7xh5vzwqbirlsnbd36z7a', 'set_delete_many 1')
  for (let i = 200; i < 400; i++) await many.set(tb(i), tb(i))
  await step(many, 'bafy2bzacecxcp736xkl2mcyjlors3tug6vdlbispbzxvb75xlrhthiw2xwxvw', 'set_delete_many 2')
  for (let i = 200; i < 400; i++) assert.equal(await many.delete(tb(i)), true)
  await step(many, 'bafy2bzaceczhz54xmmz3xqnbmvxfbaty3qprr6dq7xh5vzwqbirlsnbd36z7a', 'set_delete_many 3')
  await many.set(tb(10), tb('modified-10'))
  await many.set(tb(80), tb('modified-80'))
  await many.set(tb(81), tb('modified-81'))
  await many.delete(tb(30))
  await many.delete(tb(300))
  await step(many, 'bafy2bzacebln5j7tdfavh2qqhio6mgaoq6mm2jbmcex2ngcmi3uqlx5k3mov4', 'for_each 3')

  const ranged = Hamt.create(bs)
  for (let i = 0; i < 200; i++) await ranged.set(tb(i), i)
  await step(ranged, 'bafy2bzacedy4ypl2vedhdqep3llnwko6vrtfiys5flciz2f3c55pl4whlhlqm', 'for_each_ranged 1')
  await ranged.set(tb(10), 210)
  await ranged.delete(tb(30))
  await step(ranged, 'bafy2bzacecrxqeuuk34jsrol3azfpgy35ldw4bpgsa6pdxvzj262jzpvoekye', 'for_each_ranged 2')

  const ordering = Hamt.create(bs)
  for (let i = 100; i < 195; i++) await ordering.set(encodeUvarint(i), 42)
  const ordRoot = await ordering.flush()
  assert.equal(ordRoot.toString(), 'bafy2bzacebqox3gtng4ytexyacr6zmaliyins3llnhbnfbcrqmhzuhmuuawqk')
  const ord2 = await Hamt.load(bs, ordRoot)
  await ord2.delete(encodeUvarint(104))
  await ord2.delete(encodeUvarint(108))
  await step(ord2, 'bafy2bzacedlyeuub3mo4aweqs7zyxrbldsq2u4a2taswubudgupglu2j4eru6', 'clean_child_ordering')
})

// ref-fvm canonical_structure / canonical_structure_alt_bit_width (identity hash; mirrors go-hamt-ipld's
// TestCanonicalStructure): set keys, set and delete extra keys, compare with the published root.
test('published canonical-structure vectors (identity hash, bitWidth 5..8)', async () => {
  const want: Record<number, [string, string]> = {
    8: [
      'bafy2bzacecosy45hp4sz2t4o4flxvntnwjy7yaq43bykci22xycpeuj542lse',
      'bafy2bzaceaqdaj5aqkwugr7wx4to3fahynoqlxuo5j6xznly3khazgyxihkbo',
    ],
    5: [
      'bafy2bzacec3cquclaqkb32cntwtizgij55b7isb4s5hv5hv5ujbbeu6clxkug',
      'bafy2bzacedbiipe7l7gbtjandyyl6rqlkuqr2im2nl7d4bljidv5mta22rjqk',
    ],
    6: [
      'bafy2bzacebj7b2jahw7nxmu6mlhkwzucjmfq7aqlj52jusqtufqtaxcma4pdm',
      'bafy2bzaceb3c76qlbsiv3baogpao3zah56eqonsowpkof33o5hmncfow4seso',
    ],
    7: [
      'bafy2bzacedrwwndijql6lmmtyicjwyehxtgey5fhzocc43hrzhetrz25v2k2y',
      'bafy2bzacebhkyrwfexokaoygsx2crydq3fosiyfoa5bthphntmicsco2xf442',
    ],
  }
  const bs = new MemoryBlockstore()
  for (const [bw, [kb, other]] of Object.entries(want)) {
    const opts = { bitWidth: Number(bw), hash: identity }
    const run = async (keys: string[], extra: string[]) => {
      const h = Hamt.create(bs, opts)
      for (const [i, k] of keys.entries()) await h.set(k, tb(i))
      for (const k of extra) await h.set(k, tb(0))
      for (const k of extra) await h.delete(k)
      const root = await h.flush()
      const reloaded = await Hamt.load(bs, root, opts)
      for (const [i, k] of keys.entries()) assert.deepEqual(await reloaded.get(k), tb(i))
      return root.toString()
    }
    assert.equal(await run(['K'], ['B']), kb, `bitWidth ${bw} K/B`)
    assert.equal(await run(['K0', 'K1', 'KAA1', 'KAA2', 'KAA3'], ['KAA4']), other, `bitWidth ${bw} K0..KAA3`)
  }
})

// Hand-derived from go-hamt-ipld's layout: sha256("a") = ca97..., top 5 bits 11001 = slot 25; the
// bitfield is big.Int(1<<25).Bytes() = 02 00 00 00; one bucket holding ["a" bytes, 1].
test('hand-derived bytes: one entry', async () => {
  const bs = new MemoryBlockstore()
  const h = Hamt.create(bs)
  await h.set('a', 1)
  // 82 | bitfield 44 02000000 | pointers 81: bucket 81: entry 82, key 41 61, value 01
  assert.equal(toHex((await bs.get(await h.flush()))!), '824402000000818182416101')
})

test('setIfAbsent sets only absent keys', async () => {
  const bs = new MemoryBlockstore()
  const h = Hamt.create(bs, { bitWidth: 8 })
  assert.equal(await h.setIfAbsent('favorite-animal', tb('owl bear')), true)
  assert.equal(await h.setIfAbsent('favorite-animal', tb('bright green bear')), false)
  const root = await h.flush()
  // ref-fvm test_set_if_absent publishes this root
  assert.equal(root.toString(), 'bafy2bzaced2tgnlsq4n2ioe6ldy75fw3vlrrkyfv4bq6didbwoob2552zvpuk')
  const again = await Hamt.load(bs, root, { bitWidth: 8 })
  assert.equal(await again.setIfAbsent('favorite-animal', tb('x')), false)
  assert.deepEqual(await again.get('favorite-animal'), tb('owl bear'))
})

test('a key hash too short for the tree depth is an InvalidError (max depth)', async () => {
  const oneByte = (k: Uint8Array) => new Uint8Array([k[0]! & 0xf8])
  const h = Hamt.create(new MemoryBlockstore(), { bitWidth: 5, hash: oneByte })
  for (const k of [1, 2, 3]) await h.set(new Uint8Array([k]), k)
  await assert.rejects(h.set(new Uint8Array([4]), 4), InvalidError)
  assert.throws(() => Hamt.create(new MemoryBlockstore(), { bitWidth: 9 }), InvalidError)
})

for (const opts of [{}, { bitWidth: 2 }, { bitWidth: 8 }] as HamtOptions[]) {
  test(`random set/delete/get against a Map, with flush and reload (bitWidth ${opts.bitWidth ?? 5})`, async () => {
    const bs = new MemoryBlockstore()
    const rnd = prng(11 + (opts.bitWidth ?? 0))
    const model = new Map<string, { key: Uint8Array; value: CborValue }>()
    let hamt = Hamt.create(bs, opts)
    const pick = () => rnd.bytes(1 + rnd.int(3))
    for (let op = 0; op < 2500; op++) {
      const r = rnd.int(10)
      if (r < 6) {
        const key = pick()
        const value = rnd.int(4) === 0 ? null : [rnd.int(1000), rnd.bytes(rnd.int(3))]
        await hamt.set(key, value)
        model.set(toHex(key), { key, value })
      } else if (r < 9) {
        const keys = [...model.values()]
        const key = keys.length > 0 && rnd.int(3) > 0 ? keys[rnd.int(keys.length)]!.key : pick()
        assert.equal(await hamt.delete(key), model.delete(toHex(key)))
      } else {
        const key = pick()
        assert.deepEqual(await hamt.get(key), model.get(toHex(key))?.value)
      }
      if (op % 400 === 399) hamt = await Hamt.load(bs, await hamt.flush(), opts)
    }
    const seen = new Map<string, CborValue>()
    await hamt.forEach((k, v) => {
      assert.equal(seen.has(toHex(k)), false)
      seen.set(toHex(k), v)
    })
    assert.equal(seen.size, model.size)
    for (const [hex, { value }] of model) assert.deepEqual(seen.get(hex), value)
    // Canonical form: the surviving entries inserted fresh, in another order, give the same root.
    const fresh = Hamt.create(bs, opts)
    const entries = [...model.values()].sort((a, b) => compareBytes(b.key, a.key))
    for (const { key, value } of entries) await fresh.set(key, value)
    const root = await hamt.flush()
    assert.equal(root.toString(), (await fresh.flush()).toString())
    // Every node written is canonical: a full reload and walk succeeds.
    let n = 0
    for await (const _ of (await Hamt.load(bs, root, opts)).entries()) n++
    assert.equal(n, model.size)
    for (const { key } of entries) assert.equal(await hamt.delete(key), true)
    assert.equal((await hamt.flush()).toString(), (await Hamt.create(bs, opts).flush()).toString())
  })
}

test('malformed HAMT nodes are DecodeErrors naming the problem', async () => {
  const bs = new MemoryBlockstore()
  const kv = (k: number, v: CborValue = 1): CborValue => [new Uint8Array([k]), v]
  const small = await putCbor(bs, [new Uint8Array([1]), [[kv(1), kv(2)]]])
  const emptyChild = await putCbor(bs, [new Uint8Array(0), []])
  const rawLink = CID.createV1(RAW, cidOfBytes(new Uint8Array([0x80])).multihash)
  const roots: [CborValue, RegExp][] = [
    [[new Uint8Array([3]), [[kv(1)]]], /sets 2 bits but holds 1 pointers/],
    [[new Uint8Array([1]), [[]]], /bucket holds 0 entries/],
    [[new Uint8Array([1]), [[kv(1), kv(2), kv(3), kv(4)]]], /bucket holds 4 entries/],
    [[new Uint8Array([1]), [[kv(2), kv(1)]]], /not strictly increasing/],
    [[new Uint8Array([1]), [[kv(2), kv(2)]]], /not strictly increasing/],
    [[new Uint8Array([1]), [rawLink]], /not dag-cbor/],
    [[new Uint8Array([1]), [7]], /expected a CID or a bucket/],
    [[new Uint8Array([1, 0, 0, 0, 0]), [[kv(1)]]], /bit 32, beyond width 32/],
    [[new Uint8Array([1]), [[[new Uint8Array([1])]]]], /tuple of 2 fields/],
    [[new Uint8Array([1]), [[kv(1)]], 0], /tuple of 2 fields/],
  ]
  for (const [root, msg] of roots) {
    const cid = await putCbor(bs, root)
    await assert.rejects(
      Hamt.load(bs, cid),
      (e: unknown) => e instanceof DecodeError && msg.test(e.message),
      String(msg),
    )
  }
  const tooMany = await putCbor(bs, [new Uint8Array([0xff, 0xff]), Array.from({ length: 16 }, (_, i) => [kv(i)])])
  await assert.rejects(
    Hamt.load(bs, tooMany, { bitWidth: 3 }),
    (e: unknown) => e instanceof DecodeError && /16 pointers, width is 8/.test(e.message),
  )
  // Child nodes must not be empty, and must not be small enough to have collapsed into the parent.
  const find = async (child: CID, msg: RegExp) => {
    const all = new Uint8Array(4).fill(0xff)
    const h = await Hamt.load(bs, await putCbor(bs, [all, Array.from({ length: 32 }, () => child)]))
    await assert.rejects(h.get('a'), (e: unknown) => e instanceof DecodeError && msg.test(e.message), String(msg))
  }
  await find(small, /should have collapsed/)
  await find(emptyChild, /node is empty/)
})
