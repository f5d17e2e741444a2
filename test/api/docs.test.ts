import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { it } from 'node:test'
import { fullNodeApiDoc } from '../../src/api/full/docs.ts'
import { FullNodeMethods } from '../../src/api/full/index.ts'
import { minerApiDoc } from '../../src/api/miner/docs.ts'
import { StorageMinerMethods } from '../../src/api/miner/index.ts'

it('docs/api/full.md is what scripts/gen-api-docs.ts generates from the table (run it after a table change)', () => {
  const committed = readFileSync(resolve(import.meta.dirname, '..', '..', 'docs', 'api', 'full.md'), 'utf8')
  assert.equal(committed, fullNodeApiDoc())
  for (const name of Object.keys(FullNodeMethods)) assert.match(committed, new RegExp(`### ${name}\\n`))
})

it('docs/api/miner.md is what scripts/gen-api-docs.ts generates from the table', () => {
  const committed = readFileSync(resolve(import.meta.dirname, '..', '..', 'docs', 'api', 'miner.md'), 'utf8')
  assert.equal(committed, minerApiDoc())
  for (const name of Object.keys(StorageMinerMethods)) assert.match(committed, new RegExp(`### ${name}\\n`))
})
