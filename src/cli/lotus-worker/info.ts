/** `lotus-worker info` and `lotus-worker tasks enable|disable <type>`. */
import { formatVersion } from '../../api/codecs.ts'
import { WorkerMethods } from '../../api/worker/index.ts'
import { parseTaskType, TASK_TYPES } from '../../worker/task-types.ts'
import { withApi } from '../framework/api.ts'
import type { Command } from '../framework/command.ts'
import { CliError, incorrectNumArgs } from '../framework/errors.ts'
import { sizeStr } from '../framework/go-format.ts'
import { WORKER_REPO } from './repo.ts'

const workerCtx = (ctx: Parameters<NonNullable<Command['action']>>[0]) => ({
  ...ctx,
  flags: { ...ctx.flags, repo: ctx.flags['worker-repo'] },
})

export const infoCmd: Command = {
  name: 'info',
  usage: 'Print worker info',
  action: (ctx) =>
    withApi(workerCtx(ctx), WORKER_REPO, WorkerMethods, async (api) => {
      const [v, session, info, tasks, paths] = await Promise.all([
        api.Version(),
        api.Session(),
        api.Info(),
        api.TaskTypes(),
        api.Paths(),
      ])
      const out = ctx.stdout
      out.write(`Worker version:  ${formatVersion(v.apiVersion)}\n`)
      out.write(`CLI version: ${ctx.app.name} version ${ctx.app.version}\n`)
      out.write(`Session: ${session}\n`)
      out.write(`Hostname: ${info.hostname}\n`)
      out.write(`CPUs: ${info.resources.cpus}; GPUs: [${info.resources.gpus.join(' ')}]\n`)
      out.write(`RAM: ${sizeStr(info.resources.memPhysical)}; Swap: ${sizeStr(info.resources.memSwap)}\n`)
      const shorts = Object.keys(tasks)
        .map(parseTaskType)
        .sort((a, b) => TASK_TYPES[a].order - TASK_TYPES[b].order)
      out.write(`Task types: ${shorts.join(' ')} \n\n`)
      for (const p of paths) {
        out.write(`${p.id}:\n\tWeight: ${p.weight}; Use: ${p.canSeal ? 'Seal ' : ''}${p.canStore ? 'Store' : ''}\n`)
        out.write(`\tLocal: ${p.localPath}\n`)
      }
    }),
}

function toggle(name: 'enable' | 'disable'): Command {
  return {
    name,
    usage: `${name === 'enable' ? 'Enable' : 'Disable'} a task type`,
    argsUsage: `[${Object.keys(TASK_TYPES).join('|')}]`,
    action: (ctx) =>
      withApi(workerCtx(ctx), WORKER_REPO, WorkerMethods, async (api) => {
        if (ctx.args.length !== 1) throw incorrectNumArgs(ctx.args.length)
        let t: ReturnType<typeof parseTaskType>
        try {
          t = parseTaskType(ctx.args[0]!)
        } catch (err) {
          throw new CliError((err as Error).message)
        }
        if (name === 'enable') await api.TaskEnable(TASK_TYPES[t].name)
        else await api.TaskDisable(TASK_TYPES[t].name)
      }),
  }
}

export const tasksCmd: Command = {
  name: 'tasks',
  usage: 'Manage task processing',
  subcommands: [toggle('enable'), toggle('disable')],
}
