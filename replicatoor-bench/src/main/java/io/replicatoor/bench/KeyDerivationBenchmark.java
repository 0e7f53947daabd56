package io.replicatoor.bench;

import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.core.state.KeyAlgorithm;
import io.replicatoor.core.state.KeyDerivation;
import io.replicatoor.core.state.ReplicatedState;
import java.security.SecureRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One derived key per call ({@link KeyDerivation#derive}): HKDF, the public key (secp256k1 with its
 * Ethereum address, Ed25519, none for raw) and the state identity key's signature over it (the
 * signature chain; raw keys carry none).
 */
public class KeyDerivationBenchmark extends MicroBenchmark {
  /** The algorithm's wire name. */
  @Param({"secp256k1", "ed25519", "raw"})
  public String algorithm;

  ReplicatedState state;
  KeyAlgorithm alg;

  /** A fresh random state. */
  @Setup
  public void setUp() {
    state = ReplicatedState.generate(new SecureRandom());
    alg =
        switch (algorithm) {
          case "secp256k1" -> KeyAlgorithm.SECP256K1;
          case "ed25519" -> KeyAlgorithm.ED25519;
          case "raw" -> KeyAlgorithm.RAW;
          default -> throw new IllegalArgumentException(algorithm);
        };
  }

  /** Derives {@code wallet/0} for {@code signing}. */
  @Benchmark
  public DerivedKey derive() throws ReplicatoorException {
    return KeyDerivation.derive(state, "wallet/0", "signing", alg);
  }
}
