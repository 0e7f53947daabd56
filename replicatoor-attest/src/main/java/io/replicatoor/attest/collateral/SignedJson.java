package io.replicatoor.attest.collateral;

import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The raw-byte scanner of {@code tdx-quote-verification.md} section 3.8: finds the exact bytes of
 * the signed member ({@code tcbInfo} or {@code enclaveIdentity}) of an Intel PCS response, without
 * re-serialising anything, and the 64-byte signature.
 *
 * @param body the signed bytes, from the member value's {@code {} to its matching {@code }}
 * @param signature the 64-byte {@code r || s}
 */
public record SignedJson(Bytes body, Bytes signature) {
  /** Nesting limit while skipping a value. */
  static final int MAX_DEPTH = 64;

  /**
   * Extracts member {@code bodyKey} and {@code "signature"} from a response document.
   *
   * @throws ReplicatoorException {@code COLLATERAL_MALFORMED} with the byte offset of the problem
   */
  public static SignedJson extract(byte[] doc, String bodyKey) throws ReplicatoorException {
    Scanner s = new Scanner(doc);
    int bodyStart = -1;
    int bodyEnd = -1;
    byte[] sig = null;
    Set<String> keys = new HashSet<>();
    s.ws();
    s.expect('{');
    s.ws();
    if (s.peek() == '}') {
      s.pos++;
    } else {
      while (true) {
        s.ws();
        int keyAt = s.pos;
        String key = s.string();
        if (!keys.add(key)) {
          throw s.fail("duplicate top-level key \"" + key + "\" at offset " + keyAt);
        }
        s.ws();
        s.expect(':');
        s.ws();
        int vs = s.pos;
        s.skipValue();
        int ve = s.pos;
        if (key.equals(bodyKey)) {
          if (doc[vs] != '{') {
            throw s.fail("\"" + bodyKey + "\" at offset " + vs + " is not an object");
          }
          bodyStart = vs;
          bodyEnd = ve;
        } else if (key.equals("signature")) {
          if (doc[vs] != '"' || ve - vs != 130) {
            throw s.fail("\"signature\" at offset " + vs + " is not a 128-digit hex string");
          }
          try {
            sig = HexFormat.of().parseHex(new String(doc, vs + 1, 128, StandardCharsets.US_ASCII));
          } catch (IllegalArgumentException e) {
            throw s.fail("\"signature\" at offset " + vs + " is not hex");
          }
        }
        s.ws();
        int c = s.next();
        if (c == '}') {
          break;
        }
        if (c != ',') {
          throw s.fail("expected ',' or '}' at offset " + (s.pos - 1));
        }
      }
    }
    s.ws();
    if (s.pos != doc.length) {
      throw s.fail("trailing data at offset " + s.pos);
    }
    if (bodyStart < 0) {
      throw s.fail("missing \"" + bodyKey + "\"");
    }
    if (sig == null) {
      throw s.fail("missing \"signature\"");
    }
    return new SignedJson(Bytes.of(doc, bodyStart, bodyEnd), Bytes.of(sig));
  }

  private static final class Scanner {
    final byte[] d;
    int pos;

    Scanner(byte[] d) {
      this.d = d;
    }

    ReplicatoorException fail(String msg) {
      return new ReplicatoorException(ErrorCode.COLLATERAL_MALFORMED, "signed JSON: " + msg);
    }

    int peek() throws ReplicatoorException {
      if (pos >= d.length) {
        throw fail("unexpected end at offset " + pos);
      }
      return d[pos] & 0xFF;
    }

    int next() throws ReplicatoorException {
      int c = peek();
      pos++;
      return c;
    }

    void expect(char c) throws ReplicatoorException {
      int at = pos;
      if (next() != c) {
        throw fail("expected '" + c + "' at offset " + at);
      }
    }

    void ws() {
      while (pos < d.length
          && (d[pos] == ' ' || d[pos] == '\t' || d[pos] == '\n' || d[pos] == '\r')) {
        pos++;
      }
    }

    /** Reads a JSON string (decoding escapes) starting at the opening quote. */
    String string() throws ReplicatoorException {
      int start = pos;
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        int c = next();
        if (c == '"') {
          return sb.toString();
        }
        if (c < 0x20) {
          throw fail("control character in string at offset " + (pos - 1));
        }
        if (c == '\\') {
          int e = next();
          switch (e) {
            case '"', '\\', '/' -> sb.append((char) e);
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
              if (pos + 4 > d.length) {
                throw fail("truncated \\u escape at offset " + pos);
              }
              try {
                sb.append(
                    (char) Integer.parseInt(new String(d, pos, 4, StandardCharsets.US_ASCII), 16));
              } catch (NumberFormatException ex) {
                throw fail("bad \\u escape at offset " + pos);
              }
              pos += 4;
            }
            default -> throw fail("bad escape at offset " + (pos - 1));
          }
        } else if (c < 0x80) {
          sb.append((char) c);
        } else {
          // Non-ASCII: keys we look for are ASCII; keep the byte so comparisons simply fail.
          sb.append((char) (0x100 + c));
        }
        if (pos - start > CollateralJson.MAX_STRING_LENGTH) {
          throw fail("string too long at offset " + start);
        }
      }
    }

    void skipString() throws ReplicatoorException {
      expect('"');
      while (true) {
        int c = next();
        if (c == '"') {
          return;
        }
        if (c == '\\') {
          next();
        } else if (c < 0x20) {
          throw fail("control character in string at offset " + (pos - 1));
        }
      }
    }

    void skipValue() throws ReplicatoorException {
      int c = peek();
      if (c == '"') {
        skipString();
        return;
      }
      if (c == '{' || c == '[') {
        // The open brackets, innermost last: a closing bracket must match the kind it closes, or
        // "{...]" would end the member early or late and sign bytes that are not its value.
        byte[] open = new byte[MAX_DEPTH];
        int depth = 0;
        while (true) {
          int x = peek();
          if (x == '"') {
            skipString();
            continue;
          }
          pos++;
          if (x == '{' || x == '[') {
            if (depth == MAX_DEPTH) {
              throw fail("nesting deeper than " + MAX_DEPTH + " at offset " + (pos - 1));
            }
            open[depth++] = (byte) x;
          } else if (x == '}' || x == ']') {
            if (open[depth - 1] != (x == '}' ? '{' : '[')) {
              throw fail(
                  "'"
                      + (char) x
                      + "' closes '"
                      + (char) open[depth - 1]
                      + "' at offset "
                      + (pos - 1));
            }
            if (--depth == 0) {
              return;
            }
          }
        }
      }
      int start = pos;
      while (pos < d.length) {
        int x = d[pos] & 0xFF;
        boolean lit =
            (x >= '0' && x <= '9')
                || (x >= 'a' && x <= 'z')
                || x == '-'
                || x == '+'
                || x == '.'
                || x == 'E';
        if (!lit) {
          break;
        }
        pos++;
      }
      if (pos == start) {
        throw fail("expected a JSON value at offset " + start);
      }
    }
  }
}
