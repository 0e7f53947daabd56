package io.replicatoor.core.internal;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.util.Arrays;

/**
 * A bounds-checked cursor over untrusted bytes. Every read checks the remaining length and throws
 * {@link ReplicatoorException} with the configured code and the field name and offset; never an
 * unchecked exception.
 */
public final class ByteReader {
  private final byte[] data;
  private final ErrorCode code;
  private final String what;
  private int pos;

  /** A reader over {@code data} (not copied: callers pass their own copy). */
  public ByteReader(byte[] data, ErrorCode code, String what) {
    this.data = data;
    this.code = code;
    this.what = what;
  }

  /** Reads {@code n} bytes named {@code field}. */
  public byte[] bytes(int n, String field) throws ReplicatoorException {
    if (n < 0 || n > data.length - pos) {
      throw fail(field + " truncated");
    }
    byte[] b = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return b;
  }

  /** Reads one unsigned byte. */
  public int u8(String field) throws ReplicatoorException {
    return Byte.toUnsignedInt(bytes(1, field)[0]);
  }

  /** Reads an 8-byte big-endian integer (unsigned; callers reject values above Long.MAX_VALUE). */
  public long u64(String field) throws ReplicatoorException {
    byte[] b = bytes(8, field);
    long v = 0;
    for (byte x : b) {
      v = (v << 8) | Byte.toUnsignedLong(x);
    }
    return v;
  }

  /** Reads {@code lp(x)}: a 4-byte big-endian length (at most {@code max}), then the bytes. */
  public byte[] lp(String field, int max) throws ReplicatoorException {
    byte[] len = bytes(4, field + " length");
    long n =
        ((long) Byte.toUnsignedInt(len[0]) << 24)
            | (Byte.toUnsignedInt(len[1]) << 16)
            | (Byte.toUnsignedInt(len[2]) << 8)
            | Byte.toUnsignedInt(len[3]);
    if (n > max) {
      throw fail(field + " longer than " + max);
    }
    return bytes((int) n, field);
  }

  /** Throws unless every byte was consumed. */
  public void end() throws ReplicatoorException {
    if (pos != data.length) {
      throw fail((data.length - pos) + " trailing bytes");
    }
  }

  /** Current offset. */
  public int position() {
    return pos;
  }

  /** An exception with this reader's code, naming the offset. */
  public ReplicatoorException fail(String why) {
    return new ReplicatoorException(code, what + ": " + why + " at offset " + pos);
  }
}
