/** Waiting on things that take no AbortSignal (API calls, other processes) without outliving a signal. */

/** Resolves with `p`, or rejects with the signal's reason when it aborts first. */
export function abortable<T>(signal: AbortSignal, p: Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** An iterable with no values that ends when any signal aborts (a `Closing` channel). */
export async function* untilAborted(signals: AbortSignal[]): AsyncIterable<undefined> {
  await new Promise<void>((resolve) => {
    for (const s of signals) {
      if (s.aborted) return resolve()
      s.addEventListener('abort', () => resolve(), { once: true })
    }
  })
}
