/**
 * Ports: the small interfaces through which the pure core talks to the world. Core defines them;
 * other modules implement them (attest: {@link io.replicatoor.core.port.SelfAttestation} and {@link
 * io.replicatoor.core.port.PeerVerifier}; chain: {@link io.replicatoor.core.port.ApprovalReader};
 * server or embedding: {@link io.replicatoor.core.port.SealingKeySource}, {@link
 * io.replicatoor.core.port.StateStore}, the trusted {@link java.time.Clock} and {@link
 * java.security.SecureRandom}).
 *
 * <p>API, stable from protocol version 1. The data types here are plain answers: an adapter builds
 * them freely. They become <em>verified</em> values only inside core, which wraps an answer into a
 * verified type ({@code io.replicatoor.core.handover.VerifiedPeer}, {@code VerifiedApproval}) only
 * when the answer is the return value of a call that core itself made, with the REPORTDATA and time
 * that core computed. Code outside core can therefore never hand core a verified value; the
 * security of each answer is the adapter's contract, stated on each interface under "Contract".
 *
 * <p>Every port method reports failure with a {@link io.replicatoor.core.ReplicatoorException}
 * whose {@link io.replicatoor.core.ErrorCode} names the reason; core passes that code through.
 */
package io.replicatoor.core.port;
