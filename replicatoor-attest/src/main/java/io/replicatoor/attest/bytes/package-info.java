/**
 * Public API: the foundation shared by every byte value type in the attest module, namely the
 * immutable base {@link io.replicatoor.attest.bytes.ImmutableBytes} (defensive copies, value
 * equality, lowercase-hex {@code toString}) and the dstack hex rule {@link
 * io.replicatoor.attest.bytes.Hex}. The concrete types live in {@code io.replicatoor.attest.quote}.
 */
package io.replicatoor.attest.bytes;
