/** The sealing pipeline's StorageMiner methods (lotus api/api_storage.go), with their //perm: tags. */
import { Bool, listOf, Str, Uint } from '../../core/codec.ts'
import { Void } from '../codecs.ts'
import { method, param } from '../method.ts'
import { SectorInfoCodec } from './sectors-types.ts'
import { SectorIdCodec } from './storage-types.ts'
import { mapOf } from './struct.ts'

const sid = param('sector', Uint)

export const SectorsMethods = {
  PledgeSector: method({
    perm: 'write',
    params: [],
    result: SectorIdCodec,
    doc: 'Creates a committed-capacity sector with the next sector number and starts sealing it.',
  }),
  SectorsList: method({
    perm: 'read',
    params: [],
    result: listOf(Uint),
    doc: 'Every sector number the pipeline knows.',
  }),
  SectorsListInStates: method({
    perm: 'read',
    params: [param('states', listOf(Str))],
    result: listOf(Uint),
    doc: 'The sector numbers in any of `states` (Lotus state names; an unknown name is an error).',
  }),
  SectorsStatus: method({
    perm: 'read',
    params: [sid, param('showOnChainInfo', Bool)],
    result: SectorInfoCodec,
    doc: "A sector's state, commitments, ticket, seed, messages, retries and event log; with `showOnChainInfo`, its on-chain activation, expiration and pledge.",
  }),
  SectorsSummary: method({
    perm: 'read',
    params: [],
    result: mapOf('map[SectorState]int', Uint),
    doc: 'How many sectors are in each state.',
  }),
  SectorsUpdate: method({
    perm: 'admin',
    params: [sid, param('state', Str)],
    result: Void,
    doc: 'Forces a sector into a state (Lotus state name; an unknown name is an error).',
  }),
  SectorRemove: method({
    perm: 'admin',
    params: [sid],
    result: Void,
    doc: "Removes a sector's files from storage; the sector stays listed in state Removed. It is not terminated on chain.",
  }),
} as const
