/**
 * `lotus-bench sealing`: flags and output as Lotus's lotus-bench prints them (cmd/lotus-bench/main.go),
 * plus `--sector-number --ticket --seed --payload` to seal exactly one given sector and `--json` (alias of
 * `--json-out`) to print the results, with each sector's CommD and CommR CIDs, as JSON. The peak memory
 * after each phase follows the timings.
 */
import { readFileSync } from 'node:fs'
import { Address, type Network } from '../../core/address.ts'
import { fromHex } from '../../util/bytes.ts'
import { bool, type Command, type CommandContext, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { bps, goDuration, sizeStr } from '../framework/go-format.ts'
import { type BenchResults, runSealingBench } from './run-sealing.ts'

const UNIT_POWERS: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4, p: 5 }

/** docker/go-units RAMInBytes: "2KiB", "8MiB", "512MiB", "2k", "2048" (binary multiples). */
export function parseSectorSize(text: string): number {
  const m = /^(\d+)\s*([kmgtp]?)(i?b)?$/i.exec(text.trim())
  if (!m) throw new CliError(`invalid sector size ${JSON.stringify(text)}`)
  return Number(m[1]) * 1024 ** UNIT_POWERS[m[2]!.toLowerCase()]!
}

function hex32(ctx: CommandContext, name: string): Uint8Array | undefined {
  const v = str(ctx, name)
  if (!v) return undefined
  let b: Uint8Array
  try {
    b = fromHex(v.replace(/^0x/, ''))
  } catch {
    throw new CliError(`--${name}: ${JSON.stringify(v)} is not hex`)
  }
  if (b.length !== 32) throw new CliError(`--${name}: ${b.length} bytes, want 32`)
  return b
}

function minerId(text: string): bigint {
  try {
    return Address.parse(text, text[0] as Network).id
  } catch (err) {
    throw new CliError(`--miner-addr ${text}: ${(err as Error).message}`)
  }
}

/** The text report, line for line as lotus-bench prints it. */
export function formatResults(bo: BenchResults, opts: { skipCommit2: boolean; skipUnseal: boolean }): string {
  const s = bo.SealingSum
  const rate = (ns: number) => bps(bo.SectorSize, bo.SectorNumber, ns)
  const lines = ['environment variable list:']
  for (const [k, v] of Object.entries(bo.EnvVar)) lines.push(`${k}=${v}`)
  lines.push('----', `results (v28) SectorSize:(${bo.SectorSize}), SectorNumber:(${bo.SectorNumber})`)
  lines.push(`seal: addPiece: ${goDuration(s.AddPiece)} (${rate(s.AddPiece)})`)
  lines.push(`seal: preCommit phase 1: ${goDuration(s.PreCommit1)} (${rate(s.PreCommit1)})`)
  lines.push(`seal: preCommit phase 2: ${goDuration(s.PreCommit2)} (${rate(s.PreCommit2)})`)
  lines.push(`seal: commit phase 1: ${goDuration(s.Commit1)} (${rate(s.Commit1)})`)
  lines.push(`seal: commit phase 2: ${goDuration(s.Commit2)} (${rate(s.Commit2)})`)
  lines.push(`seal: verify: ${goDuration(s.Verify)}`)
  if (!opts.skipUnseal) lines.push(`unseal: ${goDuration(s.Unseal)}  (${rate(s.Unseal)})`)
  lines.push('')
  if (!opts.skipCommit2) {
    lines.push(
      `generate candidates: ${goDuration(bo.PostGenerateCandidates)} (${bps(bo.SectorSize, bo.SealingResults.length, bo.PostGenerateCandidates)})`,
      `compute winning post proof (cold): ${goDuration(bo.PostWinningProofCold)}`,
      `compute winning post proof (hot): ${goDuration(bo.PostWinningProofHot)}`,
      `verify winning post proof (cold): ${goDuration(bo.VerifyWinningPostCold)}`,
      `verify winning post proof (hot): ${goDuration(bo.VerifyWinningPostHot)}`,
      '',
      `compute window post proof (cold): ${goDuration(bo.PostWindowProofCold)}`,
      `compute window post proof (hot): ${goDuration(bo.PostWindowProofHot)}`,
      `verify window post proof (cold): ${goDuration(bo.VerifyWindowPostCold)}`,
      `verify window post proof (hot): ${goDuration(bo.VerifyWindowPostHot)}`,
    )
  }
  lines.push('', 'peak memory (max RSS after each phase):')
  for (const [phase, bytes] of Object.entries(bo.PeakRSS)) lines.push(`${phase}: ${sizeStr(bytes)}`)
  for (const sec of bo.Sectors) lines.push(`sector ${sec.SectorNumber}: CommD ${sec.CommD} CommR ${sec.CommR}`)
  return `${lines.join('\n')}\n`
}

export const sealingCmd: Command = {
  name: 'sealing',
  usage: 'Benchmark seal and winning post and window post',
  flags: [
    {
      name: 'storage-dir',
      kind: 'string',
      default: '~/.lotus-bench',
      usage: 'path to the storage directory that will store sectors long term',
    },
    { name: 'sector-size', kind: 'string', default: '512MiB', usage: 'size of the sectors in bytes, i.e. 32GiB' },
    {
      name: 'no-gpu',
      kind: 'bool',
      usage: 'disable gpu usage for the benchmark run (no effect: there is no GPU code)',
    },
    {
      name: 'miner-addr',
      kind: 'string',
      default: 't01000',
      usage: 'pass miner address (only necessary if using existing sectorbuilder)',
    },
    { name: 'json-out', kind: 'bool', aliases: ['json'], usage: 'output results in json format' },
    { name: 'skip-commit2', kind: 'bool', usage: 'skip the commit2 (snark) portion of the benchmark' },
    { name: 'skip-unseal', kind: 'bool', usage: 'skip the unseal portion of the benchmark' },
    { name: 'num-sectors', kind: 'int', default: 1, usage: 'select number of sectors to seal' },
    { name: 'parallel', kind: 'int', default: 1, usage: 'num run in parallel' },
    { name: 'sector-number', kind: 'int', default: 1, usage: 'number of the (first) sector to seal' },
    { name: 'ticket', kind: 'string', usage: 'ticket randomness, 32 bytes hex (random when absent)' },
    { name: 'seed', kind: 'string', usage: 'interactive seal seed, 32 bytes hex (random when absent)' },
    { name: 'payload', kind: 'string', usage: 'file to seal (zero-filled to the sector; random data when absent)' },
  ],
  action: async (ctx) => {
    const sectorSize = parseSectorSize(str(ctx, 'sector-size') || '512MiB')
    const storage = str(ctx, 'storage-dir').replace(/^~(?=$|\/)/, process.env.HOME ?? '~')
    const payloadPath = str(ctx, 'payload')
    let payload: Uint8Array | undefined
    if (payloadPath) {
      try {
        payload = readFileSync(payloadPath)
      } catch (err) {
        throw new CliError(`--payload ${payloadPath}: ${(err as Error).message}`)
      }
    }
    const skipCommit2 = bool(ctx, 'skip-commit2')
    const skipUnseal = bool(ctx, 'skip-unseal')
    const bo = await runSealingBench({
      sectorSize,
      numSectors: Number(ctx.flags['num-sectors'] ?? 1),
      parallel: Number(ctx.flags.parallel ?? 1),
      minerId: minerId(str(ctx, 'miner-addr') || 't01000'),
      storageDir: storage || undefined,
      skipCommit2,
      skipUnseal,
      ticket: hex32(ctx, 'ticket'),
      seed: hex32(ctx, 'seed'),
      payload,
      sectorNumber: Number(ctx.flags['sector-number'] ?? 1),
      signal: ctx.signal,
      log: (line) => ctx.stderr.write(`${line}\n`),
    })
    if (bool(ctx, 'json-out')) ctx.stdout.write(`${JSON.stringify(bo, null, 2)}\n`)
    else ctx.stdout.write(formatResults(bo, { skipCommit2, skipUnseal }))
  },
}
