/**
 * Typed errors. Every error a user can hit carries a code (stable, machine-readable) and a message that
 * names the problem. The API layer maps codes to JSON-RPC error objects; the CLI prints the message.
 */
export const ErrorCode = {
  /** Bytes that do not decode: truncated, non-canonical, wrong shape. */
  Decode: 'ERR_DECODE',
  /** A value of the right shape that breaks a rule (bad checksum, out of range, wrong network). */
  Invalid: 'ERR_INVALID',
  /** A signature that does not verify, or a key that cannot sign. */
  Signature: 'ERR_SIGNATURE',
  /** Something asked for does not exist. */
  NotFound: 'ERR_NOT_FOUND',
  /** The caller lacks a permission. */
  Permission: 'ERR_PERMISSION',
  /** A state conflict: already exists, locked, busy. */
  Conflict: 'ERR_CONFLICT',
  /** An I/O or storage failure. */
  Storage: 'ERR_STORAGE',
  /** A bug: an invariant that should always hold did not. */
  Internal: 'ERR_INTERNAL',
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

export class LotusError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = 'LotusError'
  }
}

/** Bytes or text that do not decode. */
export class DecodeError extends LotusError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.Decode, message, options)
    this.name = 'DecodeError'
  }
}

/** A well-formed value that breaks a rule. */
export class InvalidError extends LotusError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.Invalid, message, options)
    this.name = 'InvalidError'
  }
}

export class NotFoundError extends LotusError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.NotFound, message, options)
    this.name = 'NotFoundError'
  }
}

export class SignatureError extends LotusError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.Signature, message, options)
    this.name = 'SignatureError'
  }
}

/** Narrows an unknown thrown value to a message a user can read. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
