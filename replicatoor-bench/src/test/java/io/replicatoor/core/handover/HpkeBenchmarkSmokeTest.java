package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each HPKE benchmark body once (not timed) so the benchmark cannot rot. */
class HpkeBenchmarkSmokeTest {
  @Test
  void sealThenOpenRoundTripsTheStateSizedPayload() throws Exception {
    HpkeBenchmark b = new HpkeBenchmark();
    b.setUp();
    Hpke.Sealed s = b.seal();
    assertThat(s.ciphertext()).hasSizeGreaterThan(b.plaintext.length);
    assertThat(
            Hpke.open(b.skR, b.pkR, s.enc(), s.ciphertext(), HpkeBenchmark.INFO, HpkeBenchmark.AAD))
        .isEqualTo(b.plaintext);
    assertThat(b.open()).isEqualTo(b.plaintext);
  }
}
