package io.replicatoor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.core.state.KeyAlgorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the derivation benchmark body once per algorithm (not timed). */
class KeyDerivationBenchmarkSmokeTest {
  @ParameterizedTest
  @ValueSource(strings = {"secp256k1", "ed25519", "raw"})
  void derivesOneKeyWithItsSignatureChain(String algorithm) throws Exception {
    KeyDerivationBenchmark b = new KeyDerivationBenchmark();
    b.algorithm = algorithm;
    b.setUp();
    DerivedKey k = b.derive();
    assertThat(k.algorithm().wireName()).isEqualTo(algorithm);
    boolean raw = k.algorithm() == KeyAlgorithm.RAW;
    assertThat(k.signature()).hasSize(raw ? 0 : 65);
    assertThat(k.address().isPresent()).isEqualTo(k.algorithm() == KeyAlgorithm.SECP256K1);
  }
}
