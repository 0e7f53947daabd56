/**
 * Internal building blocks of the verified-read path: Keccak-256, strict RLP, Merkle-Patricia proof
 * walk, block-header re-encoding and a bounded JSON-RPC client. Not API: use {@link
 * io.replicatoor.chain.VerifiedApprovalReader}.
 */
package io.replicatoor.chain.internal;
