/** Limits the RPC server enforces on every connection; each documents its default. */
export interface RpcServerOptions {
  /** Largest request body (HTTP) or message (WebSocket) in bytes. Default 32 MiB: larger bodies get
   * HTTP 413 with a JSON-RPC -32700 error (WebSocket: close code 1009). Lotus's go-jsonrpc default is 100 MiB;
   * no FullNode call needs more than a few MiB (a sector's PoSt proofs, a large message). */
  readonly maxBodyBytes?: number
  /** Deepest JSON nesting accepted. Default 64 (Lotus-JSON values nest a handful of levels). */
  readonly maxJsonDepth?: number
  /** Most open TCP connections (HTTP keep-alive and WebSocket together). Default 1024; beyond it new
   * sockets are dropped by the HTTP server. */
  readonly maxConnections?: number
  /** Most requests in one batch. Default 1000. */
  readonly maxBatch?: number
  /** Most open channels per WebSocket connection. Default 1024. */
  readonly maxChannelsPerConnection?: number
}

export const DEFAULT_LIMITS: Required<RpcServerOptions> = {
  maxBodyBytes: 32 << 20,
  maxJsonDepth: 64,
  maxConnections: 1024,
  maxBatch: 1000,
  maxChannelsPerConnection: 1024,
}
