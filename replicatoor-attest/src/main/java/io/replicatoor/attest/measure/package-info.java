/**
 * Public API: measurement values ({@link io.replicatoor.attest.measure.Measurement} and its
 * Keccak-256 measurement id, built from the byte types of {@code io.replicatoor.attest.quote}),
 * runtime event digests (V1/V2), RTMR extension, and the reference computation an owner runs before
 * proposing a version (compose hash, image registers, expected RTMR3, legacy RTMR3 scheme). Pure:
 * no I/O.
 */
package io.replicatoor.attest.measure;
