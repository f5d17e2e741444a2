// Runs a program's TypeScript entry point straight from the source tree (tsx, resolved from this package).
import { register } from 'tsx/esm/api'

register()
export function run(entry) {
  return import(new URL(`../src/cli/${entry}`, import.meta.url).href)
}
