/**
 * Proofs benchmarks: CommP throughput (one core, two cores) beside the SHA-256 physical limit and
 * @web3-storage/data-segment, and PC1 (SDR labeling) beside the SHA-NI floor and Lotus's published CPU
 * rate. Default run ≈ 1–2 min; LOTUS_TS_BENCH_BIG=1 adds 512MiB PC1 and the TypeScript kernel at 8MiB.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { digest as dataSegmentDigest } from '@web3-storage/data-segment/multihash'
import { CommPHasher } from '../src/proofs/commp.ts'
import { kernel as selectedKernel } from '../src/proofs/kernel/select.ts'
import { tsKernel } from '../src/proofs/kernel/ts-kernel.ts'
import { sealProof } from '../src/proofs/registered-proof.ts'
import { labelLayers } from '../src/proofs/sdr/labels.ts'
import { buildParents } from '../src/proofs/sdr/parents-cache.ts'
import { ProofsWorkerPool } from '../src/proofs/worker/pool.ts'
import { commPFileParallel } from '../src/proofs/worker/run.ts'
import type { BenchRow } from './harness.ts'

const MB = 1e6
const big = !!process.env.LOTUS_TS_BENCH_BIG

function seconds(fn: () => void): number {
  const t = performance.now()
  fn()
  return (performance.now() - t) / 1000
}

function best(runs: number, fn: () => void): number {
  let b = Number.POSITIVE_INFINITY
  for (let i = 0; i < runs; i++) b = Math.min(b, seconds(fn))
  return b
}

/**
 * OpenSSL SHA-256 on one 8 MiB buffer, best of 10: bytes per second (each 64 bytes is one compression).
 * Short runs, best taken, so a busy machine still shows its single-core rate.
 */
function shaBytesPerSecond(buf: Uint8Array): number {
  const part = buf.subarray(0, 8 << 20)
  return part.length / best(10, () => createHash('sha256').update(part).digest())
}

/** Compressions in one PC1: per layer, node 0 takes 2 blocks and every other node 20. */
function pc1Compressions(nodes: number, layers: number): number {
  return layers * (2 + (nodes - 1) * 20)
}

/** rust-fil-proofs multicore SDR on EPYC 7662: 32GiB PC1 in 3h03m17s = 931 ns per label (perf-anchors §3). */
const LOTUS_NS_PER_LABEL = 931

export async function rows(): Promise<BenchRow[]> {
  const out: BenchRow[] = []
  const k = selectedKernel()
  const size = 64 << 20
  const payload = new Uint8Array(size)
  for (let i = 0; i < size; i += 4096) payload[i] = i & 0xff
  const shaRate = shaBytesPerSecond(payload)
  const limit = shaRate / 4 / MB
  out.push({ name: 'SHA-256 (OpenSSL, one buffer)', value: shaRate / MB, unit: 'MB/s' })

  const commpSecs = best(3, () => new CommPHasher({ kernel: k }).update(payload).digest())
  out.push({
    name: `CommP 64 MiB, one core (${k.name} kernel)`,
    value: size / commpSecs / MB,
    unit: 'MB/s',
    anchor: { name: 'SHA-256 limit / 4 (same machine)', value: limit },
  })
  const dsSecs = best(1, () => dataSegmentDigest(payload))
  out.push({
    name: `CommP 64 MiB, one core (${k.name} kernel)`,
    value: size / commpSecs / MB,
    unit: 'MB/s',
    anchor: { name: '@web3-storage/data-segment, same work', value: size / dsSecs / MB },
  })
  const tsSize = 8 << 20
  const tsSecs = best(1, () => new CommPHasher({ kernel: tsKernel }).update(payload.subarray(0, tsSize)).digest())
  out.push({
    name: 'CommP 8 MiB, one core (TypeScript kernel)',
    value: tsSize / tsSecs / MB,
    unit: 'MB/s',
    anchor: { name: 'SHA-256 limit / 4 (same machine)', value: limit },
  })

  const dir = mkdtempSync(join(tmpdir(), 'lotus-bench-'))
  const pool = new ProofsWorkerPool({ size: 2 })
  try {
    const path = join(dir, 'payload.bin')
    writeFileSync(path, payload)
    await commPFileParallel(path, { workers: 2, pool }) // start both threads and load the kernel
    let twoSecs = Number.POSITIVE_INFINITY
    for (let i = 0; i < 2; i++) {
      const t = performance.now()
      await commPFileParallel(path, { workers: 2, pool })
      twoSecs = Math.min(twoSecs, (performance.now() - t) / 1000)
    }
    out.push({
      name: `CommP 64 MiB file, two worker threads (${k.name})`,
      value: size / twoSecs / MB,
      unit: 'MB/s',
      anchor: { name: 'SHA-256 limit / 4, one core', value: limit },
    })
  } finally {
    await pool.close()
    rmSync(dir, { recursive: true, force: true })
  }

  const compressionsPerSecond = shaRate / 64
  const pc1 = (proof: number, kernel = k, label = kernel.name) => {
    const info = sealProof(proof)
    const parents = buildParents(info, { kernel })
    const rid = new Uint8Array(32).fill(7)
    const secs = best(info.nodes < 1000 ? 20 : 2, () => labelLayers(parents, rid, info.layers, { kernel }))
    const labels = info.nodes * info.layers
    out.push({
      name: `PC1 labels ${info.name.replace('StackedDrg', '')} (${label})`,
      value: secs,
      unit: 's',
      lowerIsBetter: true,
      anchor: {
        name: 'SHA-NI floor (compressions / rate)',
        value: pc1Compressions(info.nodes, info.layers) / compressionsPerSecond,
      },
    })
    out.push({
      name: `PC1 labels ${info.name.replace('StackedDrg', '')} (${label})`,
      value: secs,
      unit: 's',
      lowerIsBetter: true,
      anchor: { name: 'Lotus CPU 0.93 µs/label (EPYC 7662)', value: (labels * LOTUS_NS_PER_LABEL) / 1e9 },
    })
  }
  pc1(5)
  pc1(5, tsKernel)
  pc1(6)
  if (big) {
    pc1(6, tsKernel)
    pc1(7)
  }
  return out
}
