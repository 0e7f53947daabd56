package io.replicatoor.attest.differential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Just enough PEM handling to mutate certificates in place (DER walking: {@code DerTlv}). */
final class Der {
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private Der() {}

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
