/** The miner's connection to its daemon (FULLNODE_API_INFO): the FullNode client its subsystems share. */
import { type Client, createClient } from '../api/client/client.ts'
import { parseApiInfo, rpcUrl } from '../api/client/endpoint.ts'
import { httpTransport } from '../api/client/http-transport.ts'
import { FullNodeMethods } from '../api/full/index.ts'
import { ErrorCode, errorMessage, LotusError } from '../util/errors.ts'
import { logger } from '../util/log.ts'

/** The daemon named by FULLNODE_API_INFO could not be reached. */
export class DaemonUnreachableError extends LotusError {
  constructor(message: string) {
    super(ErrorCode.NotFound, message)
    this.name = 'DaemonUnreachableError'
  }
}

/** The FullNode API of the daemon the miner works for. */
export type FullNodeClient = Client<typeof FullNodeMethods>

/**
 * Connects to the daemon named by FULLNODE_API_INFO and calls Version; an error naming the endpoint when it
 * is unreachable. The client stays open for the miner's subsystems (mining, sealing, proving).
 */
export async function connectDaemon(info: string): Promise<{ api: FullNodeClient; close: () => Promise<void> }> {
  const { addr, token } = parseApiInfo(info)
  const transport = httpTransport({ url: rpcUrl(addr, 'http'), token: token || undefined })
  try {
    const api = createClient(FullNodeMethods, transport)
    const v = await api.Version()
    logger('miner').info('connected to the daemon', { addr, version: v.version })
    return { api, close: () => transport.close() }
  } catch (err) {
    await transport.close()
    throw new DaemonUnreachableError(`could not reach the daemon at ${addr} (FULLNODE_API_INFO): ${errorMessage(err)}`)
  }
}
