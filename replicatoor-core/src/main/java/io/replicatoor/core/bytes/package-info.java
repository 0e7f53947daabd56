/**
 * Public API: the byte value family shared by every module. {@link
 * io.replicatoor.core.bytes.ImmutableBytes} is the immutable base (defensive copies, constant-time
 * value equality, lowercase-hex {@code toString}); {@link io.replicatoor.core.bytes.Hex} is the
 * dstack hex rule; {@link io.replicatoor.core.bytes.Bytes32} (digests, EVM words) and {@link
 * io.replicatoor.core.bytes.Measurement48} (SHA-384 values, TDX registers) are the shared widths.
 * Format-specific widths (quote fields, Ethereum addresses) live with their format and extend
 * {@code ImmutableBytes}.
 */
package io.replicatoor.core.bytes;
