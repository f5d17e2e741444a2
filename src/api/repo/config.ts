/**
 * `config.toml` in Lotus's layout: sections and keys in Go's names (`[API] ListenAddress`). Missing keys
 * take the defaults; any key can be overridden by the env var `LOTUS_<SECTION>_<KEY>` (upper case, nested
 * sections joined by `_`), e.g. `LOTUS_API_LISTENADDRESS=/ip4/127.0.0.1/tcp/0/http`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { parse, stringify } from 'smol-toml'
import { InvalidError } from '../../util/errors.ts'

export type ConfigValue = string | number | boolean | string[] | ConfigSection
export interface ConfigSection {
  [key: string]: ConfigValue
}

const isSection = (v: unknown): v is ConfigSection => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Merges `file` over `defaults`, checking each known key's type; unknown keys are kept as they are. */
function merge(defaults: ConfigSection, file: Record<string, unknown>, path: string[]): ConfigSection {
  const out: ConfigSection = structuredClone(defaults)
  for (const [k, v] of Object.entries(file)) {
    const where = [...path, k].join('.')
    const d = defaults[k]
    if (d === undefined) {
      out[k] = v as ConfigValue
    } else if (isSection(d)) {
      if (!isSection(v)) throw new InvalidError(`config: [${where}] must be a section`)
      out[k] = merge(d, v, [...path, k])
    } else if (Array.isArray(d)) {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
        throw new InvalidError(`config: ${where} must be a list of strings`)
      out[k] = v as string[]
    } else if (typeof v !== typeof d) {
      throw new InvalidError(`config: ${where} must be a ${typeof d}, got ${typeof v}`)
    } else out[k] = v as ConfigValue
  }
  return out
}

/** Applies `<prefix>_<SECTION>_<KEY>` env overrides to every key the defaults know. */
function applyEnv(cfg: ConfigSection, env: NodeJS.ProcessEnv, prefix: string, path: string[] = []): void {
  for (const [k, v] of Object.entries(cfg)) {
    if (isSection(v)) {
      applyEnv(v, env, prefix, [...path, k])
      continue
    }
    const name = `${prefix}_${[...path, k].join('_').toUpperCase()}`
    const raw = env[name]
    if (raw === undefined) continue
    if (typeof v === 'number') {
      const n = Number(raw)
      if (raw.trim() === '' || !Number.isFinite(n)) throw new InvalidError(`env ${name}: expected a number, got ${raw}`)
      cfg[k] = n
    } else if (typeof v === 'boolean') {
      if (!/^(true|false|1|0)$/i.test(raw)) throw new InvalidError(`env ${name}: expected true or false, got ${raw}`)
      cfg[k] = /^(true|1)$/i.test(raw)
    } else if (Array.isArray(v)) cfg[k] = raw === '' ? [] : raw.split(',').map((s) => s.trim())
    else cfg[k] = raw
  }
}

/** Reads `path` (absent means all defaults), merges defaults, then env overrides. */
export function loadConfig<T extends ConfigSection>(
  path: string,
  defaults: T,
  env: NodeJS.ProcessEnv = process.env,
  prefix = 'LOTUS',
): T {
  let file: Record<string, unknown> = {}
  if (existsSync(path)) {
    try {
      file = parse(readFileSync(path, 'utf8')) as Record<string, unknown>
    } catch (err) {
      throw new InvalidError(`config ${path}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  const cfg = merge(defaults, file, [])
  applyEnv(cfg, env, prefix)
  return cfg as T
}

/**
 * The default config file Lotus writes on init: every key present but commented out, so the file
 * documents the defaults and a later default change still applies.
 */
export function commentedDefaults(defaults: ConfigSection): string {
  return stringify(defaults)
    .split('\n')
    .map((line) => (line.trim() === '' || line.startsWith('[') ? line : `  #${line}`))
    .join('\n')
}
