package io.replicatoor.attest.agent;

import io.replicatoor.core.crypto.HashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * How {@code Tappd.TdxQuote} turned caller data into REPORTDATA in each era
 * (dstack-guest-interface.md 2.1, 2.2). Replicatoor never requests hashed quotes; this exists to
 * explain and check quotes produced by old clients such as the original Python project.
 */
public final class TdxQuoteHashing {
  /** REPORTDATA size. */
  public static final int REPORT_DATA_SIZE = 64;

  /** The default tag since 2024-12-04 (the code appends the colon itself). */
  public static final String DEFAULT_TAG = "app-data";

  /** The default algorithm since commit c94a6cde (2024-12-04). */
  public static final String DEFAULT_ALGORITHM = "sha512";

  /** The historic behaviours of {@code TdxQuote{report_data = d}} with default options. */
  public enum Era {
    /** 2024-09-19 to 2024-11-11: {@code sha512(d)}. */
    PLAIN_SHA512,
    /** 2024-11-11 to 2024-12-04: {@code sha512("kms-root-ca:" || d)} (wrong tag). */
    KMS_ROOT_CA_TAG,
    /** Every release from v0.3.1 on: {@code sha512("app-data:" || d)}. */
    APP_DATA
  }

  private TdxQuoteHashing() {}

  /** REPORTDATA a tappd of {@code era} produced for {@code data} with default options. */
  public static byte[] historic(Era era, byte[] data) {
    return switch (era) {
      case PLAIN_SHA512 -> hash("sha512", data);
      case KMS_ROOT_CA_TAG -> reportData("sha512", "kms-root-ca", data);
      case APP_DATA -> reportData(DEFAULT_ALGORITHM, DEFAULT_TAG, data);
    };
  }

  /**
   * Today's rule: {@code raw} returns {@code data} (exactly 64 bytes); otherwise {@code H(tag ||
   * ":" || data)} zero-padded to 64 bytes, where an empty algorithm means sha512 and an empty
   * prefix means {@code app-data}.
   *
   * @throws IllegalArgumentException for an unknown algorithm ("invalid hash algorithm") or raw
   *     data that is not 64 bytes ("invalid content length")
   */
  public static byte[] reportData(String hashAlgorithm, String prefix, byte[] data) {
    String algo =
        hashAlgorithm == null || hashAlgorithm.isEmpty() ? DEFAULT_ALGORITHM : hashAlgorithm;
    if (algo.equals("raw")) {
      if (data.length != REPORT_DATA_SIZE) {
        throw new IllegalArgumentException("invalid content length");
      }
      return data.clone();
    }
    String tag = prefix == null || prefix.isEmpty() ? DEFAULT_TAG : prefix;
    byte[] t = (tag + ":").getBytes(StandardCharsets.UTF_8);
    byte[] in = new byte[t.length + data.length];
    System.arraycopy(t, 0, in, 0, t.length);
    System.arraycopy(data, 0, in, t.length, data.length);
    return Arrays.copyOf(hash(algo, in), REPORT_DATA_SIZE);
  }

  private static byte[] hash(String algo, byte[] in) {
    return HashAlgorithm.byWireName(algo.toLowerCase(Locale.ROOT))
        .orElseThrow(() -> new IllegalArgumentException("invalid hash algorithm"))
        .digest(in);
  }
}
