package io.replicatoor.attest.quote;

import java.util.Arrays;

/** Bounds-checked little-endian reader over {@code buf[pos, end)}; every read names its field. */
final class ByteCursor {
  private final byte[] buf;
  private final int end;
  private int pos;

  ByteCursor(byte[] buf, int start, int end) {
    if (start < 0 || end > buf.length || start > end) {
      throw new IllegalArgumentException("bad cursor bounds");
    }
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  int position() {
    return pos;
  }

  int end() {
    return end;
  }

  int remaining() {
    return end - pos;
  }

  private void need(int n, String field) throws QuoteFormatException {
    if (n < 0 || n > end - pos) {
      throw QuoteFormatException.malformed(
          "truncated: "
              + field
              + " needs "
              + n
              + " bytes at offset "
              + pos
              + " but only "
              + (end - pos)
              + " remain (structure ends at offset "
              + end
              + ")");
    }
  }

  int u16(String field) throws QuoteFormatException {
    need(2, field);
    int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
    pos += 2;
    return v;
  }

  long u32(String field) throws QuoteFormatException {
    need(4, field);
    long v =
        (buf[pos] & 0xFFL)
            | (buf[pos + 1] & 0xFFL) << 8
            | (buf[pos + 2] & 0xFFL) << 16
            | (buf[pos + 3] & 0xFFL) << 24;
    pos += 4;
    return v;
  }

  byte[] bytes(int n, String field) throws QuoteFormatException {
    need(n, field);
    byte[] r = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return r;
  }

  /** Checks that {@code len} bytes remain and converts the unsigned length to int. */
  int length(long len, String field) throws QuoteFormatException {
    if (len > remaining()) {
      throw QuoteFormatException.malformed(
          "inconsistent length: "
              + field
              + " declares "
              + len
              + " bytes at offset "
              + pos
              + " but only "
              + remaining()
              + " remain (structure ends at offset "
              + end
              + ")");
    }
    return (int) len;
  }

  /** A sub-cursor over the next {@code n} bytes; this cursor skips past them. */
  ByteCursor slice(int n, String field) throws QuoteFormatException {
    need(n, field);
    ByteCursor c = new ByteCursor(buf, pos, Math.addExact(pos, n));
    pos += n;
    return c;
  }

  void expectEnd(String structure) throws QuoteFormatException {
    if (pos != end) {
      throw QuoteFormatException.malformed(
          "inconsistent length: "
              + (end - pos)
              + " unexpected bytes at offset "
              + pos
              + " inside "
              + structure
              + " (declared end "
              + end
              + ")");
    }
  }
}
