/** Fuzz targets for genesis and the chain API's JSON (joined into test/fuzz/targets.ts). */
import { MessageSendSpecCodec, MsgLookupCodec } from '../../../src/api/full/chain-codecs.ts'
import { newTemplate, templateFromJson, templateToJson, accountActor } from '../../../src/chain/genesis/template.ts'
import { Address } from '../../../src/core/address.ts'
import { parseJson } from '../../../src/util/json.ts'
import type { FuzzTarget } from '../../fuzz/targets.ts'

const text = (b: Uint8Array) => new TextDecoder().decode(b)
const bytes = (s: string) => new TextEncoder().encode(s)

function templateSeed(): string {
  const t = newTemplate('fuzz', 1_700_000_000)
  t.accounts.push(accountActor(Address.parse('t1ceb34gnsc6qk5dt6n7xg6ycwzasjhbxm3iylkiy'), 12345n))
  return templateToJson(t)
}

export const genesisFuzzTargets: FuzzTarget[] = [
  {
    name: 'genesis template JSON',
    decode: (b) => templateFromJson(text(b)),
    seeds: [bytes(templateSeed()), bytes('{"NetworkName":"n"}')],
  },
  {
    name: 'MessageSendSpec JSON',
    decode: (b) => MessageSendSpecCodec.fromJson(parseJson(text(b))),
    seeds: [bytes('{"MaxFee":"1000","MsgUuid":null,"MaximizeFeeCap":false}'), bytes('null')],
  },
  {
    name: 'MsgLookup JSON',
    decode: (b) => MsgLookupCodec.fromJson(parseJson(text(b))),
    seeds: [
      bytes(
        '{"Message":{"/":"bafy2bzacedswlcz5ddgqnyo3sak3jmhmkxashisnlpq6ujgyhe4mlobzpnhs6"},"Receipt":{"ExitCode":0,"Return":null,"GasUsed":5,"EventsRoot":null},"ReturnDec":null,"TipSet":[],"Height":3}',
      ),
    ],
  },
]
