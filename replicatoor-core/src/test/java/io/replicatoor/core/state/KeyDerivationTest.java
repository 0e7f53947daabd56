package io.replicatoor.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.crypto.Keccak256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyDerivationTest {
  private final ReplicatedState state = ReplicatedState.generate(new SecureRandom());

  private String keyHex(String path, String purpose, KeyAlgorithm a) throws ReplicatoorException {
    return Hex.encode(
        KeyDerivation.derive(state, path, purpose, a).key().reveal(SecretAccess.insecure()));
  }

  @Test
  void lengthPrefixes_separateAmbiguousConcatenations() throws Exception {
    assertThat(keyHex("ab", "c", KeyAlgorithm.RAW))
        .isNotEqualTo(keyHex("a", "bc", KeyAlgorithm.RAW));
    assertThat(keyHex("c", "ab", KeyAlgorithm.RAW))
        .isNotEqualTo(keyHex("bc", "a", KeyAlgorithm.RAW));
  }

  @Test
  void samePath_differentAlgorithmsOrPurposes_differentBytes() throws Exception {
    Set<String> keys = new HashSet<>();
    for (KeyAlgorithm a : KeyAlgorithm.values()) {
      for (String purpose : new String[] {"", "signing", "encryption"}) {
        keys.add(keyHex("wallet/0", purpose, a));
      }
    }
    assertThat(keys).hasSize(9);
  }

  @Test
  void sameInputs_sameKey_acrossInstancesHoldingTheState() throws Exception {
    byte[] root = state.encodePlaintext(SecretAccess.insecure());
    ReplicatedState copy = ReplicatedState.decodePlaintext(root, ErrorCode.INTERNAL);
    for (KeyAlgorithm a : KeyAlgorithm.values()) {
      assertThat(
              KeyDerivation.derive(copy, "p", "q", a)
                  .key()
                  .equalsSecret(KeyDerivation.derive(state, "p", "q", a).key()))
          .isTrue();
    }
  }

  /** The message the state key signs for {@code k} at {@code path} with purpose "eth". */
  private static byte[] ethMessage(String path, DerivedKey k) {
    return KeyDerivation.signedMessage(
        KeyAlgorithm.SECP256K1,
        "eth".getBytes(StandardCharsets.UTF_8),
        path.getBytes(StandardCharsets.UTF_8),
        k.publicKey());
  }

  @Test
  void secp256k1Answer_signatureRecoversToStateAddress_andAddressMatchesKey() throws Exception {
    DerivedKey k = KeyDerivation.derive(state, "m/44'/60'", "eth", KeyAlgorithm.SECP256K1);
    assertThat(k.address()).contains(EthereumAddress.ofPublicKey(k.publicKey()));
    assertThat(Secp256k1.publicKey(k.key())).isEqualTo(k.publicKey());
    byte[] msg = ethMessage("m/44'/60'", k);
    assertThat(Secp256k1.recover(Keccak256.digest(msg), k.signature()))
        .hasValueSatisfying(q -> assertThat(q).isEqualTo(state.identityPublicKey()));
    // A signature over another path does not verify for this one.
    byte[] other = ethMessage("m/44'/61'", k);
    assertThat(Secp256k1.recover(Keccak256.digest(other), k.signature()).map(Hex::encode))
        .isNotEqualTo(Optional.of(Hex.encode(state.identityPublicKey())));
  }

  @Test
  void rawKeys_haveNoPublicKeyNorSignature() throws Exception {
    DerivedKey k = KeyDerivation.derive(state, "p", "q", KeyAlgorithm.RAW);
    assertThat(k.publicKey()).isEmpty();
    assertThat(k.signature()).isEmpty();
    assertThat(k.address()).isEmpty();
  }

  @Test
  void badInputs_badRequest() {
    for (String[] in :
        new String[][] {
          {"x".repeat(513), "q"}, {"p", "x".repeat(257)}, {"\ud800", "q"}, {"p", "a\udc00"}
        }) {
      assertThatThrownBy(() -> KeyDerivation.derive(state, in[0], in[1], KeyAlgorithm.RAW))
          .isInstanceOfSatisfying(
              ReplicatoorException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
    assertThatThrownBy(() -> KeyAlgorithm.parse("rsa"))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST));
  }

  @Test
  void secretsNeverPrinted() throws Exception {
    byte[] rootAndVersion = state.encodePlaintext(SecretAccess.insecure());
    String rootHex = Hex.encode(rootAndVersion).substring(2, 66);
    DerivedKey k = KeyDerivation.derive(state, "p", "q", KeyAlgorithm.ED25519);
    String keyHex = Hex.encode(k.key().reveal(SecretAccess.insecure()));
    String printed = state + " " + k + " " + k.key();
    assertThat(printed)
        .doesNotContain(rootHex)
        .doesNotContain(keyHex)
        .doesNotContain(
            Base64.getEncoder().encodeToString(k.key().reveal(SecretAccess.insecure())));
    assertThat(printed).contains("REDACTED");
  }

  @Test
  void secp256k1_signatures_areLowS_andRejectHighS() {
    SecretBytes sk = SecretBytes.random(32, new SecureRandom());
    byte[] pub = Secp256k1.publicKey(sk);
    for (int i = 0; i < 20; i++) {
      byte[] h = new byte[32];
      new SecureRandom().nextBytes(h);
      byte[] sig = Secp256k1.sign(sk, h);
      BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
      BigInteger n =
          new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
      assertThat(s.compareTo(n.shiftRight(1))).isLessThanOrEqualTo(0);
      assertThat(Secp256k1.recover(h, sig)).hasValueSatisfying(q -> assertThat(q).isEqualTo(pub));
      // The malleable twin (n - s, flipped v) is refused.
      byte[] twin = sig.clone();
      byte[] hs = n.subtract(s).toByteArray();
      byte[] hs32 = new byte[32];
      System.arraycopy(
          hs,
          Math.max(0, hs.length - 32),
          hs32,
          32 - Math.min(32, hs.length),
          Math.min(32, hs.length));
      System.arraycopy(hs32, 0, twin, 32, 32);
      twin[64] = (byte) (sig[64] == 27 ? 28 : 27);
      assertThat(Secp256k1.recover(h, twin)).isEmpty();
    }
  }
}
