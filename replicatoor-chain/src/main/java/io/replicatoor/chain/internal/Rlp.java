package io.replicatoor.chain.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Strict RLP decoder and the small encoder needed to rebuild block headers (upgrade-governance.md
 * 5.4; Ethereum yellow paper appendix B).
 *
 * <p>The decoder rejects every non-canonical form: a single byte below {@code 0x80} wrapped as a
 * string, long forms for payloads of 55 bytes or less, lengths with leading zeros, trailing bytes,
 * lengths past the end of the input, and nesting deeper than {@link #MAX_DEPTH}.
 */
public final class Rlp {
  /** Prefix of a short string (payload 0..55 bytes): {@code 0x80 + length}. */
  static final int SHORT_STRING = 0x80;

  /** Prefix of a long string: {@code 0xB7 + length of the length}. */
  static final int LONG_STRING = 0xB7;

  /** Prefix of a short list: {@code 0xC0 + payload length}. */
  static final int SHORT_LIST = 0xC0;

  /** Prefix of a long list: {@code 0xF7 + length of the length}. */
  static final int LONG_LIST = 0xF7;

  /** Longest payload that uses the short forms. */
  static final int SHORT_MAX = 55;

  /** Maximum list nesting accepted (trie nodes need 2, accounts 1, headers 1). */
  public static final int MAX_DEPTH = 8;

  /** Longest length-of-length accepted: 4 bytes, so every length fits in an int. */
  static final int MAX_LENGTH_OF_LENGTH = 4;

  private Rlp() {}

  /** Decodes exactly one item spanning all of {@code input}. */
  public static RlpItem decode(byte[] input) throws RlpException {
    Cursor c = new Cursor(input);
    RlpItem item = readItem(c, 0);
    if (c.pos != input.length) {
      throw new RlpException("trailing bytes after RLP item at offset " + c.pos);
    }
    return item;
  }

  private static RlpItem readItem(Cursor c, int depth) throws RlpException {
    int start = c.pos;
    int prefix = c.u8();
    if (prefix < SHORT_STRING) {
      return RlpItem.string(new byte[] {(byte) prefix}, c.slice(start, c.pos));
    }
    if (prefix <= LONG_STRING) {
      int len = prefix - SHORT_STRING;
      byte[] payload = c.take(len);
      if (len == 1 && (payload[0] & 0xFF) < SHORT_STRING) {
        throw new RlpException(
            "non-canonical single byte 0x"
                + Integer.toHexString(payload[0] & 0xFF)
                + " wrapped as a string at offset "
                + start);
      }
      return RlpItem.string(payload, c.slice(start, c.pos));
    }
    if (prefix < SHORT_LIST) {
      int len = readLongLength(c, prefix - LONG_STRING, start);
      byte[] payload = c.take(len);
      return RlpItem.string(payload, c.slice(start, c.pos));
    }
    if (depth >= MAX_DEPTH) {
      throw new RlpException("RLP nesting deeper than " + MAX_DEPTH + " at offset " + start);
    }
    int len =
        prefix <= LONG_LIST ? prefix - SHORT_LIST : readLongLength(c, prefix - LONG_LIST, start);
    int end = Math.addExact(c.pos, len);
    if (end > c.end) {
      // c.end, not input.length: a nested list must not run past its parent's payload.
      throw new RlpException("RLP list at offset " + start + " runs past the end of its parent");
    }
    List<RlpItem> items = new ArrayList<>();
    Cursor inner = new Cursor(c.input, c.pos, end);
    while (inner.pos < end) {
      items.add(readItem(inner, depth + 1));
    }
    c.pos = end;
    return RlpItem.list(items, c.slice(start, end));
  }

  private static int readLongLength(Cursor c, int lenOfLen, int start) throws RlpException {
    if (lenOfLen > MAX_LENGTH_OF_LENGTH) {
      throw new RlpException("RLP length of length " + lenOfLen + " too large at offset " + start);
    }
    byte[] lb = c.take(lenOfLen);
    if (lb[0] == 0) {
      throw new RlpException("RLP length with a leading zero byte at offset " + start);
    }
    long len = 0;
    for (byte b : lb) {
      len = (len << 8) | (b & 0xFF);
    }
    if (len <= SHORT_MAX) {
      throw new RlpException(
          "RLP long form used for a " + len + "-byte payload at offset " + start);
    }
    if (len > Integer.MAX_VALUE) {
      throw new RlpException("RLP length " + len + " too large at offset " + start);
    }
    return (int) len;
  }

  // ---- encoder ------------------------------------------------------------------------------

  /** Encodes a byte string. */
  public static byte[] encodeBytes(byte[] payload) {
    if (payload.length == 1 && (payload[0] & 0xFF) < SHORT_STRING) {
      return payload.clone();
    }
    return withPrefix(SHORT_STRING, LONG_STRING, payload);
  }

  /** Encodes a non-negative integer as its minimal big-endian bytes (zero is the empty string). */
  public static byte[] encodeUnsigned(BigInteger v) {
    if (v.signum() < 0) {
      throw new IllegalArgumentException("RLP integers are unsigned");
    }
    if (v.signum() == 0) {
      return encodeBytes(new byte[0]);
    }
    byte[] b = v.toByteArray();
    if (b[0] == 0) {
      b = Arrays.copyOfRange(b, 1, b.length);
    }
    return encodeBytes(b);
  }

  /** Encodes a list whose items are already encoded. */
  public static byte[] encodeList(List<byte[]> encodedItems) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    for (byte[] i : encodedItems) {
      payload.writeBytes(i);
    }
    return withPrefix(SHORT_LIST, LONG_LIST, payload.toByteArray());
  }

  private static byte[] withPrefix(int shortBase, int longBase, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 9);
    if (payload.length <= SHORT_MAX) {
      out.write(shortBase + payload.length);
    } else {
      byte[] len = BigInteger.valueOf(payload.length).toByteArray();
      int off = len[0] == 0 ? 1 : 0;
      out.write(longBase + len.length - off);
      out.write(len, off, len.length - off);
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** Bounds-checked reader over {@code input[pos, end)}. */
  private static final class Cursor {
    final byte[] input;
    int pos;
    final int end;

    Cursor(byte[] input) {
      this(input, 0, input.length);
    }

    Cursor(byte[] input, int pos, int end) {
      this.input = input;
      this.pos = pos;
      this.end = end;
    }

    int u8() throws RlpException {
      if (pos >= end) {
        throw new RlpException("RLP input ends at offset " + pos + " where an item was expected");
      }
      return input[pos++] & 0xFF;
    }

    byte[] take(int n) throws RlpException {
      int stop = Math.addExact(pos, n);
      if (stop > end) {
        throw new RlpException(
            "RLP item at offset " + pos + " needs " + n + " bytes, only " + (end - pos) + " left");
      }
      byte[] out = Arrays.copyOfRange(input, pos, stop);
      pos = stop;
      return out;
    }

    byte[] slice(int from, int to) {
      return Arrays.copyOfRange(input, from, to);
    }
  }
}
