package io.replicatoor.attest.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Just enough DER and PEM handling to mutate certificates and CRLs in place. */
final class Der {
  private static final int TAG_SEQUENCE = 0x30;
  private static final int TAG_BIT_STRING = 0x03;
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private Der() {}

  /** Offset of the first byte after the tag and length of the TLV at {@code off}. */
  static int contentOffset(byte[] der, int off) {
    int first = der[off + 1] & 0xff;
    if (first < 0x80) {
      return off + 2;
    }
    return off + 2 + (first & 0x7f);
  }

  /** Offset just past the TLV at {@code off}. */
  static int end(byte[] der, int off) {
    int first = der[off + 1] & 0xff;
    if (first < 0x80) {
      return off + 2 + first;
    }
    int n = first & 0x7f;
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (der[off + 2 + i] & 0xff);
    }
    return off + 2 + n + len;
  }

  /**
   * Offset of the unused-bits byte of the signature BIT STRING of a certificate or CRL: {@code
   * SEQUENCE { tbs, signatureAlgorithm, BIT STRING }}.
   */
  static int signatureUnusedBitsOffset(byte[] der) {
    if ((der[0] & 0xff) != TAG_SEQUENCE) {
      throw new IllegalArgumentException("not a SEQUENCE");
    }
    int tbs = contentOffset(der, 0);
    int alg = end(der, tbs);
    int sig = end(der, alg);
    if ((der[sig] & 0xff) != TAG_BIT_STRING) {
      throw new IllegalArgumentException("no signature BIT STRING at " + sig);
    }
    return contentOffset(der, sig);
  }

  /** The certificate blocks of a PEM text, in order. */
  static List<PemBlock> pemBlocks(String text) {
    List<PemBlock> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int b = text.indexOf(BEGIN, from);
      if (b < 0) {
        return out;
      }
      int bodyStart = text.indexOf('\n', b) + 1;
      int bodyEnd = text.indexOf(END, bodyStart);
      String body = text.substring(bodyStart, bodyEnd);
      int firstLine = body.indexOf('\n');
      int width = firstLine < 0 ? body.length() : firstLine;
      byte[] der = Base64.getMimeDecoder().decode(body);
      PemBlock block = new PemBlock(bodyStart, bodyEnd, width, body.endsWith("\n"), der);
      if (!block.encode(der).equals(body)) {
        throw new IllegalStateException("PEM body at " + bodyStart + " does not re-encode exactly");
      }
      out.add(block);
      from = bodyEnd + END.length();
    }
  }

  /** A certificate's base64 body inside a PEM text. */
  record PemBlock(int bodyStart, int bodyEnd, int width, boolean finalNewline, byte[] der) {
    /** The body text for {@code newDer}, wrapped like the original. */
    String encode(byte[] newDer) {
      String b64 = Base64.getEncoder().encodeToString(newDer);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < b64.length(); i += width) {
        if (i > 0) {
          sb.append('\n');
        }
        sb.append(b64, i, Math.min(b64.length(), i + width));
      }
      if (finalNewline) {
        sb.append('\n');
      }
      return sb.toString();
    }

    /** {@code text} with this block's body replaced by the encoding of {@code newDer}. */
    String replace(String text, byte[] newDer) {
      return text.substring(0, bodyStart) + encode(newDer) + text.substring(bodyEnd);
    }

    /** Offsets (in {@code text}) of the base64 padding characters of this block. */
    List<Integer> paddingOffsets(String text) {
      List<Integer> out = new ArrayList<>();
      for (int i = bodyStart; i < bodyEnd; i++) {
        if (text.charAt(i) == '=') {
          out.add(i);
        }
      }
      return out;
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
