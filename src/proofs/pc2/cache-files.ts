/**
 * The files of a sector's cache folder as Lotus (rust-fil-proofs + merkletree) names and lays them out:
 * - `sc-02-data-tree-d.dat`: TreeD, every row (leaves first), 32 bytes per node;
 * - `sc-02-data-tree-c.dat`: TreeC, every row;
 * - `sc-02-data-tree-r-last.dat`: TreeR's level cache, only the rows above the discarded ones (the leaves
 *   are the sealed replica itself);
 * - `p_aux`: bincode PersistentAux = CommC ‖ CommRLast (64 bytes);
 * - `t_aux`: bincode TemporaryAux = the StoreConfigs of the label layers and of the three trees.
 */
import { join } from 'node:path'
import { DecodeError } from '../../util/errors.ts'
import { treeLen } from './tree-shape.ts'

/** merkletree `StoreConfig::data_path`: `sc-02-data-<id>.dat`. */
export function dataFileName(id: string): string {
  return `sc-02-data-${id}.dat`
}

export const TREE_D_FILE = dataFileName('tree-d')
export const TREE_C_FILE = dataFileName('tree-c')
export const TREE_R_LAST_FILE = dataFileName('tree-r-last')
export const P_AUX_FILE = 'p_aux'
export const T_AUX_FILE = 't_aux'

/** CommC and CommRLast as stored in `p_aux`. */
export interface PersistentAux {
  readonly commC: Uint8Array
  readonly commRLast: Uint8Array
}

export function encodePAux(p: PersistentAux): Uint8Array {
  const out = new Uint8Array(64)
  out.set(p.commC, 0)
  out.set(p.commRLast, 32)
  return out
}

export function decodePAux(bytes: Uint8Array): PersistentAux {
  if (bytes.length !== 64) throw new DecodeError(`p_aux: ${bytes.length} bytes, want 64 (CommC ‖ CommRLast)`)
  return { commC: new Uint8Array(bytes.subarray(0, 32)), commRLast: new Uint8Array(bytes.subarray(32, 64)) }
}

/** merkletree StoreConfig. */
export interface StoreConfig {
  readonly path: string
  readonly id: string
  readonly size: number | null
  readonly rowsToDiscard: number
}

class Bincode {
  readonly parts: Uint8Array[] = []
  u64(n: number): void {
    const b = new Uint8Array(8)
    new DataView(b.buffer).setBigUint64(0, BigInt(n), true)
    this.parts.push(b)
  }
  str(s: string): void {
    const b = new TextEncoder().encode(s)
    this.u64(b.length)
    this.parts.push(b)
  }
  config(c: StoreConfig): void {
    this.str(c.path)
    this.str(c.id)
    if (c.size === null) this.parts.push(new Uint8Array([0]))
    else {
      this.parts.push(new Uint8Array([1]))
      this.u64(c.size)
    }
    this.u64(c.rowsToDiscard)
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((a, p) => a + p.length, 0))
    let o = 0
    for (const p of this.parts) {
      out.set(p, o)
      o += p.length
    }
    return out
  }
}

/** The StoreConfigs rust-fil-proofs records in `t_aux` for a single-tree (<8,0,0>) sector. */
export function temporaryAuxConfigs(
  cacheDir: string,
  nodes: number,
  layers: number,
  rowsToDiscard: number,
): { labels: StoreConfig[]; treeD: StoreConfig; treeRLast: StoreConfig; treeC: StoreConfig } {
  const octLen = treeLen(nodes, 8)
  return {
    labels: Array.from({ length: layers }, (_, i) => ({
      path: cacheDir,
      id: `layer-${i + 1}`,
      size: nodes,
      rowsToDiscard: 0,
    })),
    treeD: { path: cacheDir, id: 'tree-d', size: 2 * nodes - 1, rowsToDiscard: 0 },
    treeRLast: { path: cacheDir, id: 'tree-r-last', size: octLen, rowsToDiscard },
    treeC: { path: cacheDir, id: 'tree-c', size: octLen, rowsToDiscard: 0 },
  }
}

/** bincode TemporaryAux: Vec<StoreConfig> labels, then tree_d, tree_r_last and tree_c configs. */
export function encodeTAux(c: ReturnType<typeof temporaryAuxConfigs>): Uint8Array {
  const w = new Bincode()
  w.u64(c.labels.length)
  for (const l of c.labels) w.config(l)
  w.config(c.treeD)
  w.config(c.treeRLast)
  w.config(c.treeC)
  return w.bytes()
}

/** Path of a cache file. */
export function cachePath(cacheDir: string, name: string): string {
  return join(cacheDir, name)
}

/** Concatenates tree rows (leaves first) as merkletree stores them. */
export function rowsToFile(rows: readonly Uint8Array[], fromRow = 0): Uint8Array {
  const kept = rows.slice(fromRow)
  const out = new Uint8Array(kept.reduce((a, r) => a + r.length, 0))
  let o = 0
  for (const r of kept) {
    out.set(r, o)
    o += r.length
  }
  return out
}

/** Splits a tree file back into rows: `leaves` nodes in its first stored row, dividing by `arity` upwards. */
export function fileToRows(bytes: Uint8Array, leaves: number, arity: number, what: string): Uint8Array[] {
  const rows: Uint8Array[] = []
  let o = 0
  for (let n = leaves; ; n /= arity) {
    if (o + n * 32 > bytes.length) throw new DecodeError(`${what}: file of ${bytes.length} bytes is truncated`)
    rows.push(bytes.subarray(o, o + n * 32))
    o += n * 32
    if (n === 1) break
  }
  if (o !== bytes.length) throw new DecodeError(`${what}: file of ${bytes.length} bytes, want ${o}`)
  return rows
}
