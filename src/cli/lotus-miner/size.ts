/** Byte sizes on the miner's command line: docker/go-units RAMInBytes, as `--max-storage` takes them. */
import { CliError } from '../framework/errors.ts'

const UNIT: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4, p: 5 }

/** Parses `1024`, `10k`, `2GiB`, `1.5 TB` (every unit binary, as RAMInBytes). */
export function ramInBytes(s: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b)?\s*$/i.exec(s)
  if (!m) throw new CliError(`parsing ${flag}: invalid size ${JSON.stringify(s)} (e.g. 512GiB, 2T)`)
  const n = Math.floor(Number(m[1]) * 1024 ** UNIT[m[2]!.toLowerCase()]!)
  if (!Number.isSafeInteger(n)) throw new CliError(`parsing ${flag}: size ${s} is too large`)
  return n
}
