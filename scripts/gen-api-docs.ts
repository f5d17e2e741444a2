/** Writes docs/api/*.md from the API method tables: `npx tsx scripts/gen-api-docs.ts`. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fullNodeApiDoc } from '../src/api/full/docs.ts'

const dir = resolve(import.meta.dirname, '..', 'docs', 'api')
mkdirSync(dir, { recursive: true })
writeFileSync(join(dir, 'full.md'), fullNodeApiDoc())
console.log(`wrote ${join(dir, 'full.md')}`)
