package io.replicatoor.attest.eventlog;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bounds-checked cursor over SCALE-encoded bytes (parity-scale-codec): little-endian fixed-width
 * integers, compact lengths, {@code Vec<u8>} and UTF-8 {@code String}.
 */
final class ScaleReader {
  private final byte[] data;
  private int pos;

  ScaleReader(byte[] data) {
    this.data = data;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return data.length - pos;
  }

  int u8(String field) throws ReplicatoorException {
    need(1, field);
    return data[pos++] & 0xFF;
  }

  long u32(String field) throws ReplicatoorException {
    need(4, field);
    long v = 0;
    for (int i = 3; i >= 0; i--) {
      v = (v << 8) | (data[pos + i] & 0xFF);
    }
    pos += 4;
    return v;
  }

  /**
   * SCALE compact integer: the low two bits of the first byte select single-byte, two-byte,
   * four-byte or big-integer mode; values above {@code Integer.MAX_VALUE} are rejected.
   */
  int compact(String field) throws ReplicatoorException {
    int b0 = u8(field);
    long v;
    switch (b0 & 0b11) {
      case 0b00 -> v = b0 >>> 2;
      case 0b01 -> {
        int b1 = u8(field);
        v = ((b1 << 8) | b0) >>> 2;
      }
      case 0b10 -> {
        pos--;
        v = u32(field) >>> 2;
      }
      default -> {
        int n = (b0 >>> 2) + 4;
        need(n, field);
        v = 0;
        for (int i = n - 1; i >= 0; i--) {
          if (i >= 4 && data[pos + i] != 0) {
            throw malformed(field + ": compact length too large at offset " + pos);
          }
          v = (v << 8) | (data[pos + i] & 0xFF);
        }
        pos += n;
      }
    }
    if (v > Integer.MAX_VALUE) {
      throw malformed(field + ": compact length " + v + " too large");
    }
    return (int) v;
  }

  byte[] bytes(int n, String field) throws ReplicatoorException {
    need(n, field);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  byte[] vec(String field) throws ReplicatoorException {
    int start = pos;
    int n = compact(field);
    if (n > remaining()) {
      throw malformed(field + ": length " + n + " at offset " + start + " exceeds the input");
    }
    return bytes(n, field);
  }

  String string(String field) throws ReplicatoorException {
    byte[] b = vec(field);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed(field + ": not valid UTF-8");
    }
  }

  private void need(int n, String field) throws ReplicatoorException {
    if (n < 0 || Math.addExact(pos, n) > data.length) {
      throw malformed(
          field
              + ": "
              + n
              + " bytes at offset "
              + pos
              + " exceed the input ("
              + data.length
              + " bytes)");
    }
  }

  static ReplicatoorException malformed(String message) {
    return new ReplicatoorException(ErrorCode.EVENT_LOG_MALFORMED, "SCALE attestation: " + message);
  }
}
