package io.replicatoor.attest.quote;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.testing.SharedVectors;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The PEM chain inside a quote is outside every signed region, so its text must have exactly one
 * encoding: a base64 character that differs only in the unused low bits of the final quantum
 * decodes to the same DER with the JDK decoder and must be rejected.
 */
class PemCanonicalTest {
  private static final String B64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  @Test
  void parse_nonCanonicalBase64InPckChain_quoteMalformed() {
    byte[] q = SharedVectors.read("tdx", "v01-tdx-v4-uptodate-b0c06f", "quote.bin");
    String text = new String(q, StandardCharsets.ISO_8859_1);
    int pad = text.indexOf("=\n-----END CERTIFICATE-----");
    if (pad < 0) {
      pad = text.indexOf("==\n-----END CERTIFICATE-----");
    }
    int last = pad - 1;
    while (text.charAt(last) == '=') {
      last--;
    }
    int idx = B64.indexOf(text.charAt(last));
    byte[] mutated = q.clone();
    mutated[last] = (byte) B64.charAt(idx ^ 1); // unused bit only: same DER under a lax decoder
    assertThatThrownBy(() -> Quote.parse(mutated))
        .isInstanceOfSatisfying(
            QuoteFormatException.class,
            e -> Assertions.assertThat(e.errorCode()).isEqualTo(ErrorCode.QUOTE_MALFORMED));
  }
}
