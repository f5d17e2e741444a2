/**
 * Sealing and proving, vanilla proofs (no SNARK): PC2 seconds for 2KiB and 8MiB beside the Poseidon hashes
 * PC2 needs × the kernel's cost per hash measured in the same run; C1+C2, a Window PoSt partition and a
 * Winning PoSt beside their deadlines (mainnet 30 min and 30 s, the devnet block time) and beside Lotus's
 * published lotus-bench figures (../shared/reference/perf-anchors.md §1). LOTUS_TS_BENCH_SKIP_8MIB=1 skips
 * the 8MiB sector (about a minute and a half). LOTUS_TS_BENCH_512MIB=1 adds
 * a 512MiB sector (tens of minutes, ~5 GB of memory). The 2-thread PC2 rows (not at 2KiB) include starting
 * the worker threads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { devnet, mainnet } from '../src/params/profiles.ts'
import { commP } from '../src/proofs/commp.ts'
import { fr32Pad } from '../src/proofs/fr32.ts'
import { preCommit2 } from '../src/proofs/pc2/precommit2.ts'
import { hashMany } from '../src/proofs/poseidon/index.ts'
import { commit1, encodeSealProof, preCommit2Async, verifySeal } from '../src/proofs/porep/index.ts'
import { generateWindowPoSt, generateWinningPoSt } from '../src/proofs/post/index.ts'
import { SealProof, sealProof } from '../src/proofs/registered-proof.ts'
import { preCommit1 } from '../src/proofs/sdr/precommit1.ts'
import { proverId } from '../src/proofs/sdr/replica-id.ts'
import { type BenchRow, opsPerSecondSync } from './harness.ts'

/** Lotus lotus-bench 2KiB figures (lotus#7579, 2022-04), seconds. */
const LOTUS_2KIB = { pc2: 0.0711, c1c2: 0.0038 + 12.8, windowHot: 0.339, winningHot: 1.209 }
/** Lotus docs 512MiB example (GPU implied), seconds: the nearest published size to 8MiB. */
const LOTUS_512MIB = { pc2: 11.7, windowHot: 0.451, winningHot: 0.625 }
const WINDOW_DEADLINE_S = 30 * 60

function hashSeconds(arity: number): number {
  const batch = 256
  const input = new Uint8Array(batch * arity * 32).map((_, i) => (i % 32 === 31 ? i & 0x3f : (i * 97) & 0xff))
  const out = new Uint8Array(batch * 32)
  return 1 / opsPerSecondSync(() => hashMany(arity, input, out), 600, batch)
}

interface Sealed {
  dir: string
  cacheDir: string
  sealedPath: string
  commR: Uint8Array
  commD: Uint8Array
  data: Uint8Array
  pc2: number
}

function seal(proof: number, parentsDir: string): Sealed {
  const info = sealProof(proof)
  const payload = new Uint8Array((info.sectorSize / 128) * 127).map((_, i) => (i * 7) & 0xff)
  const data = fr32Pad(payload)
  const commD = commP(payload).commP
  const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-bench-porep-'))
  const cacheDir = join(dir, 'cache')
  const sealedPath = join(dir, 'sealed')
  preCommit1({ proof, proverId: proverId(1000), sectorNumber: 1, ticket: TICKET, commD, cacheDir, parentsDir })
  const t = performance.now()
  const out = preCommit2({ proof, cacheDir, unsealed: data, sealedPath })
  return { dir, cacheDir, sealedPath, data, commR: out.commR, commD: out.commD, pc2: (performance.now() - t) / 1000 }
}

const TICKET = new Uint8Array(32).fill(1)
const SEED = new Uint8Array(32).fill(2)
const RAND = new Uint8Array(32).fill(3)

function time(fn: () => unknown): number {
  const t = performance.now()
  fn()
  return (performance.now() - t) / 1000
}

function best(fn: () => unknown, runs = 3): number {
  return Math.min(...Array.from({ length: runs }, () => time(fn)))
}

export async function rows(): Promise<BenchRow[]> {
  const out: BenchRow[] = []
  const h2 = hashSeconds(2)
  const h8 = hashSeconds(8)
  const parentsDir = mkdtempSync(join(tmpdir(), 'lotus-ts-bench-parents-'))
  const dirs: string[] = [parentsDir]
  try {
    const sizes: number[] = [SealProof.StackedDrg2KiBV1_1]
    if (!process.env.LOTUS_TS_BENCH_SKIP_8MIB) sizes.push(SealProof.StackedDrg8MiBV1_1)
    if (process.env.LOTUS_TS_BENCH_512MIB) sizes.push(SealProof.StackedDrg512MiBV1_1)
    for (const proof of sizes) {
      const info = sealProof(proof)
      const label = /StackedDrg(\d+[KMG]iB)/.exec(info.name)?.[1] ?? String(info.sectorSize)
      seal(proof, parentsDir) // warm-up: parents cache, Poseidon constants
      const s = seal(proof, parentsDir)
      dirs.push(s.dir)
      const n = info.nodes
      const hashes = (2 * (n - 1)) / 7
      const lowerIsBetter = true
      out.push({
        name: `PC2 ${label} (TreeC, TreeD, encode, TreeR)`,
        value: s.pc2,
        unit: 's',
        lowerIsBetter,
        anchor: { name: `${n} Poseidon-2 + ${hashes} Poseidon-8 at this kernel's cost`, value: n * h2 + hashes * h8 },
      })
      if (label !== '2KiB') {
        const input = { proof, cacheDir: s.cacheDir, unsealed: join(s.dir, 'unsealed'), sealedPath: s.sealedPath }
        writeFileSync(input.unsealed, s.data)
        const t = performance.now()
        await preCommit2Async(input, { threads: 2 })
        out.push({
          name: `PC2 ${label} on 2 worker threads (parts merged)`,
          value: (performance.now() - t) / 1000,
          unit: 's',
          lowerIsBetter,
          anchor: { name: 'PC2 on one thread, same run', value: s.pc2 },
        })
      }
      const published = label === '2KiB' ? LOTUS_2KIB.pc2 : LOTUS_512MIB.pc2
      out.push({
        name: `PC2 ${label}`,
        value: s.pc2,
        unit: 's',
        lowerIsBetter,
        anchor: { name: `Lotus lotus-bench PC2 ${label === '2KiB' ? '2KiB' : '512MiB (docs, GPU)'}`, value: published },
      })
      const c1Input = {
        proof,
        cacheDir: s.cacheDir,
        sealedPath: s.sealedPath,
        proverId: proverId(1000),
        sectorNumber: 1,
        ticket: TICKET,
        seed: SEED,
        commD: s.commD,
      }
      let c2: Uint8Array = new Uint8Array()
      const c1c2 = best(() => {
        c2 = encodeSealProof(commit1(c1Input))
      })
      if (label === '2KiB')
        out.push({
          name: 'C1+C2 2KiB (vanilla proof, no SNARK)',
          value: c1c2,
          unit: 's',
          lowerIsBetter,
          anchor: { name: 'Lotus lotus-bench C1+C2 2KiB (Groth16)', value: LOTUS_2KIB.c1c2 },
        })
      const verify = best(() => verifySeal({ ...c1Input, commR: s.commR, sealProof: c2 }))
      out.push({
        name: `C1+C2 ${label} vs verifySeal`,
        value: c1c2,
        unit: 's',
        lowerIsBetter,
        anchor: { name: 'verifySeal of the same proof', value: verify },
      })
      // A Window PoSt partition: 2 sectors at these sizes (the same files under two sector numbers).
      const sectors = [1, 2].map((sectorNumber) => ({
        sectorNumber,
        commR: s.commR,
        cacheDir: s.cacheDir,
        sealedPath: s.sealedPath,
      }))
      const window = best(() => generateWindowPoSt({ postProof: 10 + (proof % 5), randomness: RAND, sectors }))
      out.push({
        name: `WindowPoSt partition ${label} (2 sectors)`,
        value: window,
        unit: 's',
        lowerIsBetter,
        anchor: { name: 'mainnet deadline window (30 min)', value: WINDOW_DEADLINE_S },
      })
      const devnetWindow = devnet.wpostChallengeWindow * devnet.blockDelaySecs
      out.push({
        name: `WindowPoSt partition ${label} (2 sectors)`,
        value: window,
        unit: 's',
        lowerIsBetter,
        anchor: { name: `devnet deadline window (${devnetWindow} s)`, value: devnetWindow },
      })
      out.push({
        name: `WindowPoSt partition ${label}`,
        value: window,
        unit: 's',
        lowerIsBetter,
        anchor: {
          name: `Lotus lotus-bench WindowPoSt hot ${label === '2KiB' ? '2KiB' : '512MiB'}`,
          value: label === '2KiB' ? LOTUS_2KIB.windowHot : LOTUS_512MIB.windowHot,
        },
      })
      const winning = best(() =>
        generateWinningPoSt({
          postProof: proof % 5,
          randomness: RAND,
          proverId: proverId(1000),
          sectors: sectors.slice(0, 1),
        }),
      )
      for (const [name, value] of [
        [`mainnet block time (${mainnet.blockDelaySecs} s)`, mainnet.blockDelaySecs],
        [`devnet block time (${devnet.blockDelaySecs} s)`, devnet.blockDelaySecs],
        [
          `Lotus lotus-bench WinningPoSt hot ${label === '2KiB' ? '2KiB' : '512MiB'}`,
          label === '2KiB' ? LOTUS_2KIB.winningHot : LOTUS_512MIB.winningHot,
        ],
      ] as const)
        out.push({ name: `WinningPoSt ${label}`, value: winning, unit: 's', lowerIsBetter, anchor: { name, value } })
    }
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  }
  return out
}
