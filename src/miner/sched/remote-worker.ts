/**
 * A `lotus-worker` as the scheduler sees it: the Worker interface over the worker's RPC API. The miner
 * connects back to the URL the worker registered with (WorkerConnect), with a token of its own.
 */
import { type Client, createClient } from '../../api/client/client.ts'
import { httpTransport } from '../../api/client/http-transport.ts'
import { WorkerMethods } from '../../api/worker/index.ts'
import { callToApi, infoFromApi, workerCallFromApi } from '../../worker/api-convert.ts'
import { parseTaskType, type TaskType } from '../../worker/task-types.ts'
import type { CallSpec, Worker, WorkerCall, WorkerInfo } from '../../worker/worker.ts'

export class RemoteWorker implements Worker {
  constructor(
    readonly url: string,
    private readonly api: Client<WorkerMethods>,
    private readonly transportClose: () => Promise<void>,
  ) {}

  /** A client for the worker API at `url` (`http://host:port/rpc/v0`). */
  static connect(url: string, token: string): RemoteWorker {
    // Every running call holds a WaitCall request open: allow many sockets.
    const t = httpTransport({ url, token, maxSockets: 1024 })
    return new RemoteWorker(url, createClient(WorkerMethods, t), () => t.close())
  }

  session(): Promise<string> {
    return this.api.Session()
  }

  async info(): Promise<WorkerInfo> {
    return infoFromApi(await this.api.Info())
  }

  async taskTypes(): Promise<TaskType[]> {
    return Object.keys(await this.api.TaskTypes()).map(parseTaskType)
  }

  start(call: CallSpec): Promise<void> {
    return this.api.StartCall(callToApi(call))
  }

  wait(callId: string): Promise<unknown> {
    return this.api.WaitCall(callId)
  }

  async calls(): Promise<WorkerCall[]> {
    return (await this.api.Calls()).map(workerCallFromApi)
  }

  forget(callId: string): Promise<void> {
    return this.api.ForgetCall(callId)
  }

  abort(callId: string): Promise<void> {
    return this.api.AbortCall(callId)
  }

  close(): Promise<void> {
    return this.transportClose()
  }
}
