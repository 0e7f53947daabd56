package io.replicatoor.embed.crash;

import io.replicatoor.core.port.SealedState;
import java.nio.ByteBuffer;

/**
 * A self-describing blob for the crash trials: every 8-byte word carries the version that wrote it
 * and its own index, so a reader can tell a whole blob of one version from a truncated one
 * (half-read) or one whose words come from two versions (mixed).
 *
 * <pre>
 * offset 0                  u32 magic "CRSH"
 * offset 4                  u32 total length in bytes
 * offset 8 + 8*i            u64 (version &lt;&lt; 32) | i     for every word i until the end
 * </pre>
 */
final class TrialBlob {
  /** Magic at offset 0. */
  static final int MAGIC = 0x43525348; // "CRSH"

  /** Offset of the magic. */
  static final int MAGIC_OFFSET = 0;

  /** Offset of the declared total length. */
  static final int LENGTH_OFFSET = 4;

  /** Offset of the first version word. */
  static final int WORDS_OFFSET = 8;

  /** Size of one version word. */
  static final int WORD_BYTES = Long.BYTES;

  /** Default blob size: close to the store's limit, so a write takes as long as it can. */
  static final int DEFAULT_BYTES =
      (SealedState.MAX_BYTES - WORDS_OFFSET) / WORD_BYTES * WORD_BYTES + WORDS_OFFSET;

  private static final int INDEX_BITS = 32;
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

  private TrialBlob() {}

  /** The blob of {@code version}, {@code bytes} long (a multiple of a word past the header). */
  static SealedState of(long version, int bytes) {
    if (bytes < WORDS_OFFSET + WORD_BYTES || (bytes - WORDS_OFFSET) % WORD_BYTES != 0) {
      throw new IllegalArgumentException("bad trial blob size " + bytes);
    }
    ByteBuffer b = ByteBuffer.allocate(bytes);
    b.putInt(MAGIC_OFFSET, MAGIC);
    b.putInt(LENGTH_OFFSET, bytes);
    for (int i = 0; WORDS_OFFSET + i * WORD_BYTES < bytes; i++) {
      b.putLong(WORDS_OFFSET + i * WORD_BYTES, (version << INDEX_BITS) | i);
    }
    return SealedState.of(b.array());
  }

  /** What a reader found. */
  sealed interface Read permits Whole, Mixed, Truncated {}

  /** One version, every word present. */
  record Whole(long version) implements Read {}

  /** Every word present and well placed, but from more than one version. */
  record Mixed(long firstVersion, long otherVersion) implements Read {}

  /** Shorter or longer than declared, a bad magic, or a word out of place. */
  record Truncated(String why) implements Read {}

  /** Decodes what the store returned. */
  static Read read(byte[] raw) {
    if (raw.length < WORDS_OFFSET + WORD_BYTES) {
      return new Truncated(raw.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    if (b.getInt(MAGIC_OFFSET) != MAGIC) {
      return new Truncated("bad magic");
    }
    int declared = b.getInt(LENGTH_OFFSET);
    if (declared != raw.length) {
      return new Truncated(raw.length + " of " + declared + " bytes");
    }
    if ((raw.length - WORDS_OFFSET) % WORD_BYTES != 0) {
      return new Truncated("partial word");
    }
    long first = -1;
    for (int i = 0; WORDS_OFFSET + i * WORD_BYTES < raw.length; i++) {
      long w = b.getLong(WORDS_OFFSET + i * WORD_BYTES);
      if ((w & INDEX_MASK) != i) {
        return new Truncated("word " + i + " out of place");
      }
      long v = w >>> INDEX_BITS;
      if (first < 0) {
        first = v;
      } else if (v != first) {
        return new Mixed(first, v);
      }
    }
    return new Whole(first);
  }
}
