package io.replicatoor.core.port;

import io.replicatoor.core.bytes.ImmutableBytes;

/**
 * The opaque bytes of a sealed state blob as stored on the untrusted disk ({@code docs/protocol.md}
 * section 8). Holds only ciphertext and public header fields; core parses and authenticates it, the
 * store only moves the bytes.
 */
public final class SealedState extends ImmutableBytes {
  /** Upper bound on a stored blob; anything larger is refused unread. */
  public static final int MAX_BYTES = 64 * 1024;

  private SealedState(byte[] value) {
    super(value, -1, "sealed state");
    if (value.length > MAX_BYTES) {
      throw new IllegalArgumentException("sealed state larger than " + MAX_BYTES + " bytes");
    }
  }

  /** Wraps bytes read from the store (not yet authenticated). */
  public static SealedState of(byte[] stored) {
    return new SealedState(stored);
  }

  @Override
  public String toString() {
    return "SealedState[" + length() + " bytes]";
  }
}
