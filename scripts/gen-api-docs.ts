/** Writes docs/api/*.md from the API method tables: `npx tsx scripts/gen-api-docs.ts`. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fullNodeApiDoc } from '../src/api/full/docs.ts'
import { minerApiDoc } from '../src/api/miner/docs.ts'

const dir = resolve(import.meta.dirname, '..', 'docs', 'api')
mkdirSync(dir, { recursive: true })
for (const [file, doc] of [
  ['full.md', fullNodeApiDoc()],
  ['miner.md', minerApiDoc()],
] as const) {
  writeFileSync(join(dir, file), doc)
  console.log(`wrote ${join(dir, file)}`)
}
