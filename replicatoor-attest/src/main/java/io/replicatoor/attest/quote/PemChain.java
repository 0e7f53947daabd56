package io.replicatoor.attest.quote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Strict PEM certificate-chain splitter (section 1.4 rule 3): only {@code CERTIFICATE} blocks
 * separated by line breaks, optionally followed by exactly one NUL byte; nothing else.
 */
public final class PemChain {
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private PemChain() {}

  /**
   * Splits {@code pem} into DER certificates.
   *
   * @param allowTrailingNul whether one trailing NUL byte is accepted
   * @throws IllegalArgumentException with a precise reason when the text is not a clean chain
   */
  public static List<Bytes> split(byte[] pem, boolean allowTrailingNul) {
    int len = pem.length;
    if (allowTrailingNul && len > 0 && pem[len - 1] == 0) {
      len--;
    }
    for (int i = 0; i < len; i++) {
      int c = pem[i] & 0xFF;
      if (c > 0x7E || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
        throw new IllegalArgumentException("PEM byte at index " + i + " is not printable ASCII");
      }
    }
    String s = new String(pem, 0, len, StandardCharsets.US_ASCII);
    List<Bytes> out = new ArrayList<>();
    int pos = skipWs(s, 0);
    while (pos < s.length()) {
      if (!s.startsWith(BEGIN, pos)) {
        throw new IllegalArgumentException("unexpected text at PEM index " + pos);
      }
      int bodyStart = pos + BEGIN.length();
      int endIdx = s.indexOf(END, bodyStart);
      if (endIdx < 0) {
        throw new IllegalArgumentException("PEM block at index " + pos + " has no END line");
      }
      String body = s.substring(bodyStart, endIdx);
      if (body.indexOf('-') >= 0) {
        throw new IllegalArgumentException("nested PEM marker inside block at index " + pos);
      }
      byte[] der;
      String b64 = body.replaceAll("[\\r\\n\\t ]", "");
      try {
        der = Base64.getDecoder().decode(b64);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("PEM block at index " + pos + " is not valid base64");
      }
      // The JDK decoder ignores non-zero unused bits in the last quantum, so two texts can decode
      // to the same DER. Accept only the canonical encoding: the chain text is then not malleable.
      if (!Base64.getEncoder().encodeToString(der).equals(b64)) {
        throw new IllegalArgumentException(
            "PEM block at index " + pos + " is not canonical base64");
      }
      if (der.length == 0) {
        throw new IllegalArgumentException("empty PEM block at index " + pos);
      }
      out.add(Bytes.of(der));
      pos = skipWs(s, endIdx + END.length());
    }
    return out;
  }

  private static int skipWs(String s, int pos) {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
        break;
      }
      pos++;
    }
    return pos;
  }
}
