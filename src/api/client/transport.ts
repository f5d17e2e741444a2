/** How a client reaches a server: one call at a time, or a channel of values (WebSocket only). */
export interface Transport {
  /** Sends `method` (with its `Filecoin.` prefix) and resolves to the raw JSON result; throws RpcError. */
  call(method: string, params: unknown[], signal?: AbortSignal): Promise<unknown>
  /** Calls a stream method and yields the raw JSON values of its channel until the server closes it. */
  subscribe(method: string, params: unknown[], signal?: AbortSignal): Promise<AsyncIterable<unknown>>
  close(): Promise<void>
}
