/**
 * `lotus client`: data commands. `commP` computes a file's piece commitment locally, on both cores (Lotus
 * asks the daemon through ClientCalcCommP; the result and the printed lines are the same).
 */
import { stat } from 'node:fs/promises'
import { commPFileParallel } from '../../proofs/worker/run.ts'
import { InvalidError } from '../../util/errors.ts'
import type { Command } from '../framework/command.ts'
import { progressBar } from '../framework/progress.ts'
import { sizeStr } from '../framework/go-format.ts'

/** Files at least this large get a progress bar on stderr. */
const PROGRESS_FROM_BYTES = 64 << 20

const commPCmd: Command = {
  name: 'commP',
  usage: 'Calculate the piece-cid (commP) of a file',
  argsUsage: '<inputPath>',
  action: async (ctx) => {
    const [path, ...rest] = ctx.args
    if (!path || rest.length > 0) throw new InvalidError('usage: lotus client commP <inputPath>')
    const { size } = await stat(path).catch((err: Error) => {
      throw new InvalidError(`commP: cannot read ${path}: ${err.message}`)
    })
    const bar =
      size >= PROGRESS_FROM_BYTES
        ? progressBar(ctx.stderr, 'commP', (f) => `${sizeStr(f * size)} / ${sizeStr(size)}`)
        : undefined
    const r = await commPFileParallel(path, { signal: ctx.signal, onProgress: (f) => bar?.update(f) })
    bar?.done()
    ctx.stdout.write(`CID:  ${r.pieceCid}\n`)
    ctx.stdout.write(`Piece size:  ${sizeStr(r.pieceSize)}\n`)
    ctx.stdout.write(`Piece size in bytes:  ${r.pieceSize}\n`)
  },
}

export const clientCmd: Command = {
  name: 'client',
  usage: 'Make deals, store data, retrieve data',
  subcommands: [commPCmd],
}
