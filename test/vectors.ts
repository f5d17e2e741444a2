/**
 * Published conformance vectors live in ../shared/vectors beside the clone. Where that folder is absent a
 * test must say "skipped: vectors not found", never pass silently; in CI (CI=true) absence is a failure.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { TestContext } from 'node:test'
import { parseJson } from '../src/util/json.ts'

export const VECTORS_DIR = resolve(import.meta.dirname, '..', '..', 'shared', 'vectors')

/** Returns the vector file's path, or null after marking the test skipped (failing it under CI). */
export function vectorPath(t: TestContext, rel: string): string | null {
  const p = join(VECTORS_DIR, rel)
  if (existsSync(p)) return p
  if (process.env.CI) throw new Error(`vectors not found at ${p} (CI must have ../shared beside the clone)`)
  t.skip('skipped: vectors not found')
  return null
}

/** Reads a JSON vector file losslessly (uint64 values past 2^53 become bigints). */
export function readJsonVector(t: TestContext, rel: string): unknown {
  const p = vectorPath(t, rel)
  return p === null ? null : parseJson(readFileSync(p, 'utf8'))
}

export function readTextVector(t: TestContext, rel: string): string | null {
  const p = vectorPath(t, rel)
  return p === null ? null : readFileSync(p, 'utf8')
}
