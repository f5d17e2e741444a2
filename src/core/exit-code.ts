/**
 * Filecoin exit codes (`go-state-types:exitcode`): 0-15 are reserved for the system (VM), 16-31 are the
 * errors every actor shares, and actors define their own from 32. The deprecated system names (3
 * SysErrInvalidMethod, 8 SysErrForbidden, 9 SysErrorIllegalActor, 10 SysErrorIllegalArgument) are the numbers'
 * old meanings; the table uses the current names.
 */
export const ExitCode = {
  Ok: 0,
  SysErrSenderInvalid: 1,
  SysErrSenderStateInvalid: 2,
  SysErrReserved1: 3,
  SysErrIllegalInstruction: 4,
  SysErrInvalidReceiver: 5,
  SysErrInsufficientFunds: 6,
  SysErrOutOfGas: 7,
  SysErrReserved2: 8,
  SysErrIllegalExitCode: 9,
  SysErrFatal: 10,
  SysErrMissingReturn: 11,
  SysErrReserved3: 12,
  SysErrReserved4: 13,
  SysErrReserved5: 14,
  SysErrReserved6: 15,
  ErrIllegalArgument: 16,
  ErrNotFound: 17,
  ErrForbidden: 18,
  ErrInsufficientFunds: 19,
  ErrIllegalState: 20,
  ErrSerialization: 21,
  ErrUnhandledMessage: 22,
  ErrUnspecified: 23,
  ErrAssertionFailed: 24,
  ErrReadOnly: 25,
  ErrNotPayable: 26,
  /** Miner actor: too many ProveCommits in one epoch (the first actor-specific code). */
  ErrTooManyProveCommits: 32,
} as const
export type ExitCodeName = keyof typeof ExitCode

/** The first code an actor may use (16); below it the VM reserves. */
export const FIRST_ACTOR_ERROR_CODE = 16
/** The first actor-specific code (32); 16-31 are the shared actor errors. */
export const FIRST_ACTOR_SPECIFIC_EXIT_CODE = 32

const NAMES = new Map<number, ExitCodeName>(
  (Object.entries(ExitCode) as [ExitCodeName, number][]).map(([name, code]) => [code, name]),
)

/** The name of a known exit code, or undefined. */
export function exitCodeName(code: number): ExitCodeName | undefined {
  return NAMES.get(code)
}

/** The number for a name (`exitCodeFromName('SysErrOutOfGas') === 7`), or undefined. */
export function exitCodeFromName(name: string): number | undefined {
  return Object.hasOwn(ExitCode, name) ? ExitCode[name as ExitCodeName] : undefined
}

/**
 * Go's `ExitCode.String()`: `Name(n)` for the system codes go-state-types names (with 10 shown as
 * `SysFatal`), the bare number otherwise. Lotus prints receipts this way.
 */
export function formatExitCode(code: number): string {
  if (code < 0 || code >= FIRST_ACTOR_ERROR_CODE) return String(code)
  const name = code === ExitCode.SysErrFatal ? 'SysFatal' : exitCodeName(code)
  return name ? `${name}(${code})` : String(code)
}

/** A send failure: the sender's nonce was not consumed and no gas was paid (1 or 2). */
export function isSendFailure(code: number): boolean {
  return code === ExitCode.SysErrSenderInvalid || code === ExitCode.SysErrSenderStateInvalid
}
