/** Fuzz targets for genesis and the chain API's JSON (joined into test/fuzz/targets.ts). */
import { MessageSendSpecCodec, MsgLookupCodec } from '../../../src/api/full/chain-codecs.ts'
import { preSealFileFromJson } from '../../../src/chain/genesis/miner.ts'
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

const PRESEAL_SEED = JSON.stringify({
  t01000: {
    ID: 't01000',
    Owner: 't1ceb34gnsc6qk5dt6n7xg6ycwzasjhbxm3iylkiy',
    Worker: 't1ceb34gnsc6qk5dt6n7xg6ycwzasjhbxm3iylkiy',
    PeerId: '',
    MarketBalance: '0',
    PowerBalance: '0',
    SectorSize: 2048,
    Sectors: [
      {
        CommR: { '/': 'bagboea4b5abca3nrq3t6aum63ty5ofmlk3rjhahtgmgbcct2m36ho5ysvotf4dbb' },
        CommD: { '/': 'baga6ea4seaqb7743la4yb6qybovc72kexzkrjmy4vbh5ogwheo3ucw6hwohi2cq' },
        SectorID: 0,
        Deal: {
          PieceCID: { '/': 'baga6ea4seaqb7743la4yb6qybovc72kexzkrjmy4vbh5ogwheo3ucw6hwohi2cq' },
          PieceSize: 2048,
          VerifiedDeal: false,
          Client: 't1ceb34gnsc6qk5dt6n7xg6ycwzasjhbxm3iylkiy',
          Provider: 't01000',
          Label: '',
          StartEpoch: 0,
          EndEpoch: 9001,
          StoragePricePerEpoch: '0',
          ProviderCollateral: '0',
          ClientCollateral: '0',
        },
        DealClientKey: null,
        ProofType: 5,
      },
    ],
  },
})

export const genesisFuzzTargets: FuzzTarget[] = [
  {
    name: 'genesis template JSON',
    decode: (b) => templateFromJson(text(b)),
    seeds: [bytes(templateSeed()), bytes('{"NetworkName":"n"}')],
  },
  {
    name: 'pre-seal miner JSON',
    decode: (b) => preSealFileFromJson(text(b)),
    seeds: [bytes(PRESEAL_SEED), bytes('{}')],
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
