/**
 * The unsealed sector file, as AddPiece builds it: each piece's payload Fr32-padded and zero-filled to its
 * padded size, placed at its aligned offset; gaps and the tail are zeros. CommP of each piece is computed
 * while it is written, and CommD comes from the pieces.
 */
import { type FileHandle, open } from 'node:fs/promises'
import type { CID } from 'multiformats/cid'
import { ErrorCode, InvalidError, LotusError } from '../util/errors.ts'
import { commDFromPieces, type PieceInfo, requiredPadding } from './commd.ts'
import { CommPHasher } from './commp.ts'
import { Fr32Padder } from './fr32.ts'
import { commPToCid } from './piece-cid.ts'
import { checkPaddedSize, paddedSize as toPadded } from './piece-size.ts'

/** What AddPiece reports for a piece. */
export interface AddedPiece {
  readonly pieceCid: CID
  readonly commP: Uint8Array
  /** Padded size. */
  readonly size: number
  /** Byte offset in the (padded) sector file. */
  readonly offset: number
}

/** Runs a file operation, turning I/O failures into LotusError(ERR_STORAGE) naming the file. */
async function storage<T>(path: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op()
  } catch (err) {
    throw new LotusError(ErrorCode.Storage, `unsealed sector ${path}: ${(err as Error).message}`, { cause: err })
  }
}

/** Writes one unsealed sector file; call `addPiece` in order, then `finish`. */
export class UnsealedSectorWriter {
  private offset = 0
  private readonly pieces: PieceInfo[] = []

  private constructor(
    private readonly file: FileHandle,
    readonly path: string,
    readonly sectorSize: number,
  ) {}

  /** Creates (or truncates) the file at `path`. */
  static async create(path: string, sectorSize: number): Promise<UnsealedSectorWriter> {
    checkPaddedSize(sectorSize)
    const file = await storage(path, () => open(path, 'w+'))
    return new UnsealedSectorWriter(file, path, sectorSize)
  }

  /**
   * Adds a piece of unpadded size `unpaddedSize` (127·2^k) whose payload is `data` (at most that many bytes;
   * the rest is zeros).
   */
  async addPiece(unpaddedSize: number, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<AddedPiece> {
    const size = toPadded(unpaddedSize)
    const pad = requiredPadding(this.offset, size).reduce((a, b) => a + b, 0)
    const at = this.offset + pad
    if (at + size > this.sectorSize)
      throw new InvalidError(`piece of ${size} B at offset ${at} does not fit a ${this.sectorSize}-byte sector`)
    const hasher = new CommPHasher()
    const padder = new Fr32Padder()
    let pos = at
    let payload = 0
    const write = async (chunk: Uint8Array): Promise<void> => {
      payload += chunk.length
      if (payload > unpaddedSize) throw new InvalidError(`piece payload exceeds its ${unpaddedSize}-byte size`)
      hasher.update(chunk)
      const padded = padder.push(chunk)
      await storage(this.path, () => this.file.write(padded, 0, padded.length, pos))
      pos += padded.length
    }
    if (data instanceof Uint8Array) await write(data)
    else for await (const chunk of data) await write(chunk)
    const tail = padder.end()
    await storage(this.path, () => this.file.write(tail, 0, tail.length, pos))
    const result = hasher.digest(size)
    this.offset = at + size
    this.pieces.push({ size, commP: result.commP })
    return { pieceCid: result.pieceCid, commP: result.commP, size, offset: at }
  }

  /** Zero-fills to the sector size, closes the file and returns CommD. */
  async finish(): Promise<{ commD: Uint8Array; commDCid: CID; pieces: readonly PieceInfo[] }> {
    await storage(this.path, () => this.file.truncate(this.sectorSize))
    await storage(this.path, () => this.file.close())
    const commD = commDFromPieces(this.pieces, this.sectorSize)
    return { commD, commDCid: commPToCid(commD), pieces: this.pieces }
  }
}
