/**
 * The vanilla PoRep proof Lotus-TS keeps in place of Filecoin's Groth16 SNARK: for each challenged node,
 * what rust-fil-proofs' vanilla `Proof` holds (storage-proofs-porep `stacked/vanilla/proof.rs`): the TreeD
 * path of the data node, the TreeR path of the replica node, and the TreeC openings (column of labels and
 * path) of the node and of its 6 DRG and 8 expander parents. Labeling and encoding proofs are not carried:
 * the verifier recomputes them from the columns.
 */

/** The current encoding version of a sealed-sector proof (first field of the CBOR tuple). */
export const SEAL_PROOF_VERSION = 1

/** A node's column (its label in every layer, L × 32 bytes) and its TreeC path. */
export interface ColumnOpening {
  readonly labels: Uint8Array
  readonly path: Uint8Array
}

export interface ChallengeProof {
  readonly challenge: number
  /** The unsealed data node and its TreeD path. */
  readonly dataLeaf: Uint8Array
  readonly dataPath: Uint8Array
  /** The sealed replica node and its TreeR path. */
  readonly replicaLeaf: Uint8Array
  readonly replicaPath: Uint8Array
  readonly column: ColumnOpening
  /** 6 DRG parents then 8 expander parents, in the graph's order. */
  readonly parents: readonly ColumnOpening[]
}

/** C1's output; C2 is its CBOR encoding (./codec.ts). */
export interface SealProof {
  readonly version: number
  /** Registered seal proof number. */
  readonly proof: number
  readonly commC: Uint8Array
  readonly commRLast: Uint8Array
  readonly challenges: readonly ChallengeProof[]
}
