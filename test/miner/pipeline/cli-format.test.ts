import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SectorInfo } from '../../../src/api/miner/sectors-types.ts'
import { formatSectorStatus, formatSectorsList, goTime } from '../../../src/cli/lotus-miner/sectors-format.ts'
import { parseCid } from '../../../src/core/cid.ts'
import { FIL_PRECISION } from '../../../src/core/token.ts'

const COMMR = 'bagboea4b5abcbmdb2rvmmbl54jaw5wzh3ihdljtuk4ek6ajb7rlhxwkx5iaz4jqu'
const COMMD = 'baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy'
const MSG = 'bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4'

function info(over: Partial<SectorInfo> = {}): SectorInfo {
  return {
    SectorID: 1,
    State: 'Proving',
    CommD: parseCid(COMMD),
    CommR: parseCid(COMMR),
    Proof: new Uint8Array([0xde, 0xad]),
    Deals: [],
    Pieces: [],
    Ticket: { Value: new Uint8Array([1, 2]), Epoch: 40 },
    Seed: { Value: new Uint8Array([3, 4]), Epoch: 61 },
    PreCommitMsg: parseCid(MSG),
    CommitMsg: null,
    Retries: 0,
    ToUpgrade: false,
    ReplicaUpdateMessage: null,
    LastErr: '',
    Log: [
      { Kind: 'event;sealing.SectorStartCC', Timestamp: 1_764_072_000, Trace: '', Message: 'pledged' },
      { Kind: 'event;sealing.SectorProving', Timestamp: 1_764_072_090, Trace: '', Message: 'landed at 70' },
    ],
    SealProof: 5,
    Activation: 70,
    Expiration: 1555200,
    DealWeight: 0n,
    VerifiedDealWeight: 0n,
    InitialPledge: FIL_PRECISION / 2n,
    OnTime: 1555200,
    Early: 0,
    ...over,
  }
}

test('sectors status prints the fields as Lotus does, with the log and the on-chain info on request', () => {
  assert.equal(goTime(1_764_072_000), '2025-11-25 12:00:00 +0000 UTC')
  const text = formatSectorStatus(info({ LastErr: 'boom' }), { log: true, onChainInfo: true, proof: true })
  assert.equal(
    text,
    [
      'SectorID:\t1',
      'Status:\t\tProving',
      `CIDcommD:\t${COMMD}`,
      `CIDcommR:\t${COMMR}`,
      'Ticket:\t\t0102',
      'TicketH:\t40',
      'Seed:\t\t0304',
      'SeedH:\t\t61',
      `Precommit:\t${MSG}`,
      'Commit:\t\t<nil>',
      'Proof:\t\tdead',
      'Deals:\t\t[]',
      'Retries:\t0',
      'Last Error:\t\tboom',
      '',
      'Sector On Chain Info',
      'SealProof:\t\t5',
      'Activation:\t\t70',
      'Expiration:\t\t1555200',
      'DealWeight:\t\t0',
      'VerifiedDealWeight:\t\t0',
      'InitialPledge:\t\t0.5 FIL',
      '',
      'Expiration Info',
      'OnTime:\t\t1555200',
      'Early:\t\t0',
      '--------',
      'Event Log:',
      '0.\t2025-11-25 12:00:00 +0000 UTC:\t[event;sealing.SectorStartCC]\tpledged',
      '1.\t2025-11-25 12:01:30 +0000 UTC:\t[event;sealing.SectorProving]\tlanded at 70',
      '',
    ].join('\n'),
  )
  const plain = formatSectorStatus(info({ State: 'PreCommit1', PreCommitMsg: null, Proof: null }))
  assert.ok(plain.includes('Precommit:\t<nil>\n'))
  assert.ok(!plain.includes('Proof:'))
  assert.ok(!plain.includes('Event Log'))
})

test('sectors list: Lotus columns, CC deals, n/a expiration off chain, columns nobody fills dropped', () => {
  const rows = [
    { status: info({ SectorID: 2, State: 'PreCommit1', Activation: 0 }), onChain: false, active: false },
    { status: info(), onChain: true, active: true },
  ]
  // The table writer pads the last column too, as Lotus's does; compared without trailing spaces.
  const trim = (t: string) => t.replace(/ +$/gm, '')
  const text = trim(formatSectorsList(rows, { epochText: (e) => `${e} (in 1 year 23 weeks)` }))
  assert.equal(
    text,
    [
      'ID  State       OnChain  Active  Expiration                    Deals',
      '1   Proving     YES      YES     1555200 (in 1 year 23 weeks)  CC',
      '2   PreCommit1  NO       NO      n/a                           CC',
      '',
    ].join('\n'),
  )
  const more = trim(
    formatSectorsList(rows, {
      fast: true,
      events: true,
      sealTime: true,
      initialPledge: true,
      epochText: String,
    }),
  )
  assert.equal(
    more,
    [
      'ID  State       OnChain  Active  SealTime  Events  Deals',
      '1   Proving     YES      YES     1m30s     2       CC',
      '2   PreCommit1  NO       NO      1m30s     2       CC',
      '',
    ].join('\n'),
  )
})
