/**
 * Public API of replicatoor-chain: the verified reader {@link
 * io.replicatoor.chain.VerifiedApprovalReader} (k-of-n header quorum, recomputed header hash,
 * account and storage proofs, trusted time) and its result types, which only the verifier can
 * construct ({@link io.replicatoor.chain.VerifiedBlock}, {@link io.replicatoor.chain.ProvenSlot},
 * {@link io.replicatoor.chain.ApprovalState}).
 */
package io.replicatoor.chain;
