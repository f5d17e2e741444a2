/**
 * The devnet's live status line: chain height, and for each miner its power, its sectors by state and its
 * next proving deadline. Every figure comes from the daemon's and the miners' APIs, as the CLI reads them.
 */
import { type Client, createClient } from '../../api/client/client.ts'
import { rpcUrl } from '../../api/client/endpoint.ts'
import { httpTransport } from '../../api/client/http-transport.ts'
import type { Transport } from '../../api/client/transport.ts'
import { FullNodeMethods } from '../../api/full/index.ts'
import { StorageMinerMethods } from '../../api/miner/index.ts'
import type { MethodTable } from '../../api/method.ts'
import { Address } from '../../core/address.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { type DeadlineInfo, deadlineInfoFromJson } from '../../miner/proving/chain-view.ts'
import { errorMessage } from '../../util/errors.ts'
import { sizeStr } from '../framework/go-format.ts'

export interface ApiInfo {
  addr: string
  token: string
}

interface Conn<T extends MethodTable> {
  api: Client<T>
  transport: Transport
}

function connect<T extends MethodTable>(table: T, info: ApiInfo): Conn<T> {
  const transport = httpTransport({ url: rpcUrl(info.addr, 'http'), token: info.token })
  return { api: createClient(table, transport), transport }
}

export interface StatusSource {
  line(): Promise<string>
  close(): Promise<void>
}

export function statusSource(daemon: ApiInfo, miners: { actor: string; api: ApiInfo }[]): StatusSource {
  const full = connect(FullNodeMethods, daemon)
  const ms = miners.map((m) => ({ actor: Address.parse(m.actor), ...connect(StorageMinerMethods, m.api) }))
  const head = TipSetKey.EMPTY
  return {
    async line() {
      const parts: string[] = []
      try {
        const ts = await full.api.ChainHead()
        parts.push(`height ${ts.height}`)
        for (const m of ms) {
          const power = await full.api.StateMinerPower(m.actor, head)
          const dl = deadlineInfoFromJson(await full.api.StateMinerProvingDeadline(m.actor, head))
          const summary = await minerSectors(m.api)
          parts.push(
            `${m.actor}: power ${sizeStr(Number(power.minerPower.rawBytePower))}, sectors ${summary}, ${deadline(dl, ts.height)}`,
          )
        }
      } catch (err) {
        parts.push(`(status unavailable: ${errorMessage(err)})`)
      }
      return parts.join(' | ')
    },
    async close() {
      await full.transport.close()
      for (const m of ms) await m.transport.close()
    },
  }
}

/** "deadline 31 open until 18" while it is open, "next deadline 31 opens at 8" before. */
const deadline = (dl: DeadlineInfo, height: number): string =>
  dl.open <= height ? `deadline ${dl.index} open until ${dl.close}` : `next deadline ${dl.index} opens at ${dl.open}`

/** "Proving 2, PreCommit1 1" from the miner's sector summary, or "none". */
async function minerSectors(api: Client<typeof StorageMinerMethods>): Promise<string> {
  const byState = (await api.SectorsSummary()) as Record<string, number>
  const s = Object.entries(byState)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${state} ${n}`)
  return s.length > 0 ? s.join(', ') : 'none'
}
