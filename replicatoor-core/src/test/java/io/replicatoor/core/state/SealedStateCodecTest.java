package io.replicatoor.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.port.SealedState;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SealedStateCodecTest {
  private final SecureRandom rng = new SecureRandom();
  private final SecretBytes kms = SecretBytes.random(32, rng);

  private static void refused(SealedState blob, SecretBytes key) {
    assertThatThrownBy(() -> SealedStateCodec.unseal(blob, key))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SEALED_STATE_INVALID));
  }

  @Test
  void roundTrip_sameStateAndVersion() throws Exception {
    ReplicatedState s = ReplicatedState.of(SecretBytes.random(32, rng), 9);
    SealedState blob = SealedStateCodec.seal(s, kms);
    assertThat(blob.length()).isEqualTo(SealedStateCodec.BLOB_BYTES);
    ReplicatedState back = SealedStateCodec.unseal(blob, kms);
    assertThat(back.fingerprint()).isEqualTo(s.fingerprint());
    assertThat(back.version()).isEqualTo(9);
  }

  @Test
  void everyByteFlipAndTruncation_refused() throws Exception {
    SealedState blob = SealedStateCodec.seal(ReplicatedState.generate(rng), kms);
    byte[] b = blob.toByteArray();
    for (int i = 0; i < b.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] t = b.clone();
        t[i] ^= (byte) (1 << bit);
        refused(SealedState.of(t), kms);
      }
    }
    for (int n = 0; n < b.length; n++) {
      refused(SealedState.of(Arrays.copyOf(b, n)), kms);
    }
    refused(SealedState.of(Arrays.copyOf(b, b.length + 1)), kms);
  }

  @Test
  void swappedBlob_otherAppKey_orHeaderOfAnotherState_refused() throws Exception {
    ReplicatedState s1 = ReplicatedState.generate(rng);
    ReplicatedState s2 = ReplicatedState.generate(rng);
    SealedState b1 = SealedStateCodec.seal(s1, kms);
    SealedState b2 = SealedStateCodec.seal(s2, kms);
    refused(b1, SecretBytes.random(32, rng));
    // Header of s2 on the body of s1.
    byte[] mixed = b1.toByteArray();
    System.arraycopy(b2.toByteArray(), 0, mixed, 0, SealedStateCodec.HEADER_BYTES);
    refused(SealedState.of(mixed), kms);
  }
}
