package io.replicatoor.attest.verify;

import java.util.Locale;

/** Which trust anchor verified a quote: Intel's pinned SGX Root CA or a custom development root. */
public enum TrustRootKind {
  /** The bundled Intel SGX Root CA (production). */
  INTEL,
  /** A caller-supplied root ({@code insecureWithCustomTrustRoot}); never for production. */
  CUSTOM;

  /** Lower-case name used in JSON output ({@code "intel"} / {@code "custom"}). */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
