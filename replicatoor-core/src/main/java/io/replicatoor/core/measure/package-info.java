/**
 * Public API: the identity of a deployable version ({@link
 * io.replicatoor.core.measure.Measurement}) and its on-chain key ({@link
 * io.replicatoor.core.measure.MeasurementId}), shared by attest (which computes measurements from
 * quotes, event logs and images) and chain (which proposes and reads approvals).
 */
package io.replicatoor.core.measure;
