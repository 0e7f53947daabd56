/**
 * Public API: the one Keccak-256 ({@link io.replicatoor.core.crypto.Keccak256}) shared by the
 * measurement id, the chain's verified reads and the attest digests.
 */
package io.replicatoor.core.crypto;
