package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.X25519;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.port.Sha256Hash;
import io.replicatoor.core.state.StateFingerprint;
import io.replicatoor.testing.HostHpke;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** HPKE with the protocol's bindings: any change to info, aad, enc, ciphertext or key fails. */
class HpkeTest {
  private final SecureRandom rng = new SecureRandom();
  private final byte[] sk = new byte[32];
  private final byte[] pk;
  private final byte[] info =
      Transcripts.hpkeInfo(Sha256Hash.of(new byte[32]), new BlockAnchor(5, Bytes32.ZERO));
  private final StateFingerprint fp = StateFingerprint.of(new byte[32]);

  HpkeTest() throws Exception {
    rng.nextBytes(sk);
    pk = X25519.publicFromPrivate(sk);
  }

  private static void refused(ThrowingCallable c) {
    assertThatThrownBy(c)
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TRANSFER_DECRYPT_FAILED));
  }

  private static byte[] flip(byte[] b, int i) {
    byte[] c = b.clone();
    c[i] ^= 1;
    return c;
  }

  @Test
  void roundTrip_andEveryBindingChecked() throws Exception {
    byte[] pt = "state".getBytes(StandardCharsets.US_ASCII);
    byte[] aad = Transcripts.hpkeAad(3, fp);
    Hpke.Sealed s = Hpke.seal(pk, pt, info, aad);
    assertThat(s.enc()).hasSize(32);
    assertThat(s.ciphertext()).hasSize(pt.length + 16);
    assertThat(Hpke.open(sk, pk, s.enc(), s.ciphertext(), info, aad)).isEqualTo(pt);
    // Version tampered in transit: the aad binding alone breaks the open.
    refused(() -> Hpke.open(sk, pk, s.enc(), s.ciphertext(), info, Transcripts.hpkeAad(4, fp)));
    refused(() ->
        Hpke.open(
            sk,
            pk,
            s.enc(),
            s.ciphertext(),
            info,
            Transcripts.hpkeAad(3, StateFingerprint.of(flip(new byte[32], 0)))));
    refused(() -> Hpke.open(sk, pk, s.enc(), s.ciphertext(), flip(info, info.length - 1), aad));
    refused(() -> Hpke.open(sk, pk, flip(s.enc(), 0), s.ciphertext(), info, aad));
    for (int i = 0; i < s.ciphertext().length; i++) {
      int at = i;
      refused(() -> Hpke.open(sk, pk, s.enc(), flip(s.ciphertext(), at), info, aad));
    }
    byte[] other = new byte[32];
    rng.nextBytes(other);
    refused(() ->
        Hpke.open(other, X25519.publicFromPrivate(other), s.enc(), s.ciphertext(), info, aad));
  }

  @Test
  void aSenderWorkingFromTheSpecAlone_isOpenedByCore() throws Exception {
    // The attack tests' non-TEE sender (HostHpke) must seal what core opens, or their refusals of
    // its bundles would prove nothing.
    byte[] pt = "host state".getBytes(StandardCharsets.US_ASCII);
    byte[] aad = Transcripts.hpkeAad(3, fp);
    HostHpke.Sealed s = HostHpke.seal(pk, pt, info, aad);
    assertThat(Hpke.open(sk, pk, s.enc(), s.ciphertext(), info, aad)).isEqualTo(pt);
  }

  @Test
  void encryptionIsRandomised() throws Exception {
    byte[] aad = Transcripts.hpkeAad(0, fp);
    Hpke.Sealed a = Hpke.seal(pk, new byte[41], info, aad);
    Hpke.Sealed b = Hpke.seal(pk, new byte[41], info, aad);
    assertThat(a.enc()).isNotEqualTo(b.enc());
  }
}
