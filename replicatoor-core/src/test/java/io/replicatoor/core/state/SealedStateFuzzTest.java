package io.replicatoor.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.port.SealedState;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the sealed-state decoder (Jazzer; corpus in {@code
 * SealedStateFuzzTestInputs}).
 *
 * <p>An input of exactly {@link SealedStateCodec#BLOB_BYTES} bytes is an XOR mask over a blob
 * sealed at class load (so the fuzzer tampers with a real blob; the all-zero mask is the blob
 * itself); any other input is taken as the stored bytes. The same input is also given to the
 * plaintext decoder.
 *
 * <p>Contract: {@link SealedStateCodec#unseal} returns the sealed state for the untouched blob and
 * refuses every other input with {@code SEALED_STATE_INVALID} (no forgery, no other exception);
 * {@link ReplicatedState#decodePlaintext} fails only with the code it is given and accepts only its
 * own canonical encoding.
 */
class SealedStateFuzzTest {
  private static final SecretBytes KMS_KEY = SecretBytes.copyOf(filled(0x42));
  private static final ReplicatedState STATE =
      ReplicatedState.of(SecretBytes.copyOf(filled(0x07)), 5);
  private static final byte[] BLOB = seal();

  private static byte[] filled(int v) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) v);
    return b;
  }

  private static byte[] seal() {
    try {
      return SealedStateCodec.seal(STATE, KMS_KEY).toByteArray();
    } catch (ReplicatoorException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "5s")
  void unseal_tamperedOrArbitraryBlob_refusedWithSealedStateInvalidOnly(byte[] data) {
    boolean mask = data.length == SealedStateCodec.BLOB_BYTES;
    byte[] stored = mask ? xor(BLOB, data) : data;
    boolean untouched = Arrays.equals(stored, BLOB);
    if (stored.length <= SealedState.MAX_BYTES) {
      try {
        ReplicatedState s = SealedStateCodec.unseal(SealedState.of(stored), KMS_KEY);
        assertThat(untouched).as("only the sealed blob itself opens").isTrue();
        assertThat(s.fingerprint()).isEqualTo(STATE.fingerprint());
        assertThat(s.version()).isEqualTo(STATE.version());
      } catch (ReplicatoorException e) {
        assertThat(e.errorCode()).isEqualTo(ErrorCode.SEALED_STATE_INVALID);
        assertThat(untouched).as("the sealed blob opens").isFalse();
      }
    }
    try {
      ReplicatedState p = ReplicatedState.decodePlaintext(data, ErrorCode.MESSAGE_MALFORMED);
      assertThat(p.encodePlaintext(SecretAccess.insecure())).isEqualTo(data);
    } catch (ReplicatoorException e) {
      assertThat(e.errorCode()).isEqualTo(ErrorCode.MESSAGE_MALFORMED);
    }
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] out = a.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] ^= b[i];
    }
    return out;
  }
}
