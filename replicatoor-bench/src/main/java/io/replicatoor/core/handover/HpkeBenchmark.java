package io.replicatoor.core.handover;

import com.google.crypto.tink.subtle.X25519;
import io.replicatoor.bench.MicroBenchmark;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.state.ReplicatedState;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * HPKE (DHKEM X25519, HKDF-SHA256, AES-256-GCM) seal and open of a state-sized payload: the
 * transfer plaintext ({@link ReplicatedState#PLAINTEXT_BYTES} bytes). It lives in the package of
 * {@link Hpke} (package-private in core) on the class path of this non-production module only.
 */
public class HpkeBenchmark extends MicroBenchmark {
  static final byte[] INFO = "replicatoor/bench/info".getBytes(StandardCharsets.US_ASCII);
  static final byte[] AAD = "replicatoor/bench/aad".getBytes(StandardCharsets.US_ASCII);

  byte[] skR;
  byte[] pkR;
  byte[] plaintext;
  Hpke.Sealed sealed;

  /** A fresh recipient key pair and a random state-sized plaintext, sealed once for open. */
  @Setup
  public void setUp() throws InvalidKeyException, ReplicatoorException {
    skR = X25519.generatePrivateKey();
    pkR = X25519.publicFromPrivate(skR);
    plaintext = new byte[ReplicatedState.PLAINTEXT_BYTES];
    new SecureRandom().nextBytes(plaintext);
    sealed = Hpke.seal(pkR, plaintext, INFO, AAD);
  }

  /** Seal to the recipient's public key (what onboard does). */
  @Benchmark
  public Hpke.Sealed seal() throws ReplicatoorException {
    return Hpke.seal(pkR, plaintext, INFO, AAD);
  }

  /** Open with the recipient's private key (what receiveKey does). */
  @Benchmark
  public byte[] open() throws ReplicatoorException {
    return Hpke.open(skR, pkR, sealed.enc(), sealed.ciphertext(), INFO, AAD);
  }
}
