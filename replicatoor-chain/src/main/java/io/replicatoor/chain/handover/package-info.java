/**
 * Chain's implementation of core's {@code ApprovalReader} port over the verified k-of-n reader:
 * {@link io.replicatoor.chain.handover.ChainApprovalReader}.
 */
package io.replicatoor.chain.handover;
