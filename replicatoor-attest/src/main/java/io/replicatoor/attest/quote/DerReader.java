package io.replicatoor.attest.quote;

import java.math.BigInteger;
import java.util.Arrays;

/** Minimal bounds-checked DER walker (definite lengths, single-byte tags) for the SGX extension. */
final class DerReader {
  static final int TAG_BOOLEAN = 0x01;
  static final int TAG_INTEGER = 0x02;
  static final int TAG_OCTET_STRING = 0x04;
  static final int TAG_OID = 0x06;
  static final int TAG_ENUMERATED = 0x0A;
  static final int TAG_SEQUENCE = 0x30;

  /** One TLV. */
  record Tlv(int tag, byte[] buf, int valueStart, int valueEnd) {
    int length() {
      return valueEnd - valueStart;
    }

    byte[] value() {
      return Arrays.copyOfRange(buf, valueStart, valueEnd);
    }

    DerReader contents() {
      return new DerReader(buf, valueStart, valueEnd);
    }
  }

  private final byte[] buf;
  private final int end;
  private int pos;

  DerReader(byte[] buf, int start, int end) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  boolean hasMore() {
    return pos < end;
  }

  Tlv next(String what) {
    if (end - pos < 2) {
      throw new IllegalArgumentException("DER truncated at " + what);
    }
    int tag = buf[pos] & 0xFF;
    if ((tag & 0x1F) == 0x1F) {
      throw new IllegalArgumentException("DER multi-byte tag at " + what);
    }
    int p = pos + 1;
    int first = buf[p++] & 0xFF;
    long len;
    if (first < 0x80) {
      len = first;
    } else {
      int n = first & 0x7F;
      if (n == 0 || n > 3 || end - p < n) {
        throw new IllegalArgumentException("DER bad length at " + what);
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (buf[p++] & 0xFF);
      }
      if (len < 0x80 || (n > 1 && (buf[p - n] & 0xFF) == 0)) {
        throw new IllegalArgumentException("DER non-minimal length at " + what);
      }
    }
    if (len > end - p) {
      throw new IllegalArgumentException("DER length exceeds parent at " + what);
    }
    Tlv t = new Tlv(tag, buf, p, p + (int) len);
    pos = p + (int) len;
    return t;
  }

  Tlv expect(int tag, String what) {
    Tlv t = next(what);
    if (t.tag() != tag) {
      throw new IllegalArgumentException(
          "DER tag 0x"
              + Integer.toHexString(t.tag())
              + " at "
              + what
              + ", expected 0x"
              + Integer.toHexString(tag));
    }
    return t;
  }

  static String oid(Tlv t) {
    byte[] v = t.value();
    if (v.length == 0) {
      throw new IllegalArgumentException("empty OID");
    }
    StringBuilder sb = new StringBuilder();
    long acc = 0;
    boolean firstArc = true;
    for (int i = 0; i < v.length; i++) {
      if (acc > (Long.MAX_VALUE >> 7)) {
        throw new IllegalArgumentException("OID arc too large");
      }
      acc = (acc << 7) | (v[i] & 0x7F);
      if ((v[i] & 0x80) == 0) {
        if (firstArc) {
          long a = acc < 80 ? acc / 40 : 2;
          sb.append(a).append('.').append(acc - a * 40);
          firstArc = false;
        } else {
          sb.append('.').append(acc);
        }
        acc = 0;
      } else if (i == v.length - 1) {
        throw new IllegalArgumentException("truncated OID");
      }
    }
    return sb.toString();
  }

  /** A non-negative INTEGER or ENUMERATED value, range-checked to {@code [0, max]}. */
  static int unsigned(Tlv t, int max, String what) {
    if (t.length() == 0 || t.length() > 5) {
      throw new IllegalArgumentException(what + ": bad integer length " + t.length());
    }
    BigInteger v = new BigInteger(t.value());
    if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new IllegalArgumentException(what + ": value " + v + " outside 0.." + max);
    }
    return v.intValue();
  }

  static boolean bool(Tlv t, String what) {
    if (t.length() != 1) {
      throw new IllegalArgumentException(what + ": BOOLEAN must be one byte");
    }
    return t.buf()[t.valueStart()] != 0;
  }
}
