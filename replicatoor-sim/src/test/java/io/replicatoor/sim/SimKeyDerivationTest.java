package io.replicatoor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.bytes.ByteArrays;
import io.replicatoor.core.state.Secp256k1;
import io.replicatoor.testing.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** GetKey derivation against dstack's published simulator vectors (section 9.3). */
class SimKeyDerivationTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void deriveKey_upstreamHkdfVector_matches() throws Exception {
    JsonNode v =
        SharedVectors.json("dstack", "derived", "computed-vectors.json").get("kdf_hkdf_sha256");
    byte[] okm =
        SimKeyDerivation.deriveKey(
            v.get("ikm").asText().getBytes(StandardCharsets.UTF_8),
            v.get("info").asText().getBytes(StandardCharsets.UTF_8));
    assertThat(HEX.formatHex(okm)).isEqualTo(v.get("okm").asText());
  }

  @Test
  void getKey_simulatorAppKeys_matchUpstreamDerivedKeysAndSignatures() throws Exception {
    JsonNode v =
        SharedVectors.json("dstack", "derived", "fixtures-expected.json")
            .get("getkey_simulator_appkeys");
    byte[] appKey = HEX.parseHex(v.get("k256_app_key").asText());
    SimKeyDerivation d =
        SimKeyDerivation.forAppKey(appKey, HEX.parseHex(v.get("k256_signature").asText()));
    assertThat(HEX.formatHex(d.appPublicKey()))
        .isEqualTo(v.get("expected_app_pubkey_upstream_go_test").asText());
    for (JsonNode e : v.get("derived")) {
      SimKeyDerivation.DerivedKey k = d.getKey(e.get("path").asText(), "signing", "secp256k1");
      assertThat(HEX.formatHex(k.key().reveal(SecretAccess.insecure())))
          .isEqualTo(e.get("key").asText());
      assertThat(HEX.formatHex(k.publicKey())).isEqualTo(e.get("pubkey_compressed").asText());
      // app_sig recovers to the app public key over keccak256("signing:" || hex(pub)).
      byte[] msg = ("signing:" + HEX.formatHex(k.publicKey())).getBytes(StandardCharsets.UTF_8);
      assertThat(recover(k.appSignature(), SimKeyDerivation.keccak256(msg)))
          .isEqualTo(d.appPublicKey());
      assertThat(HEX.formatHex(k.kmsSignature())).isEqualTo(v.get("k256_signature").asText());
    }
    // The upstream KMS signature recovers to the upstream KMS root key: checks our recovery code.
    byte[] kmsMsg =
        ByteArrays.concat(
            "dstack-kms-issued:".getBytes(StandardCharsets.US_ASCII),
            HEX.parseHex("5bb4ff9a3837357f19dc176407a5709c62eb6c56"),
            d.appPublicKey());
    assertThat(
            HEX.formatHex(
                recover(
                    HEX.parseHex(v.get("k256_signature").asText()),
                    SimKeyDerivation.keccak256(kmsMsg))))
        .isEqualTo(v.get("kms_root_pubkey_upstream_go_test").asText());
  }

  @Test
  void forApp_sameMasterAndApp_deterministic() throws Exception {
    SecretBytes master = SecretBytes.copyOf(new byte[32]);
    byte[] app = HEX.parseHex("00112233445566778899aabbccddeeff00112233");
    var a = SimKeyDerivation.forApp(master, app).getKey("/p", "x", "secp256k1");
    var b = SimKeyDerivation.forApp(master, app).getKey("/p", "x", "secp256k1");
    assertThat(a.key().equalsSecret(b.key())).isTrue();
    assertThat(a.appSignature()).isEqualTo(b.appSignature());
    var other = SimKeyDerivation.forApp(master, app).getKey("/q", "x", "secp256k1");
    assertThat(a.key().equalsSecret(other.key())).isFalse();
    byte[] app2 = app.clone();
    app2[0] ^= 1;
    var c = SimKeyDerivation.forApp(master, app2).getKey("/p", "x", "secp256k1");
    assertThat(a.key().equalsSecret(c.key())).isFalse();
    byte[] m2 = new byte[32];
    m2[0] = 1;
    var e = SimKeyDerivation.forApp(SecretBytes.copyOf(m2), app).getKey("/p", "x", "secp256k1");
    assertThat(a.key().equalsSecret(e.key())).isFalse();
  }

  @Test
  void getKey_ed25519_sameKeyBytesDifferentPublicKey() throws Exception {
    SimKeyDerivation d = SimKeyDerivation.forApp(SecretBytes.copyOf(new byte[32]), new byte[20]);
    var k = d.getKey("/p", "x", "secp256k1");
    var e = d.getKey("/p", "x", "ed25519");
    assertThat(k.key().equalsSecret(e.key())).isTrue(); // dstack issue #605, kept for compatibility
    assertThat(e.publicKey()).hasSize(32);
    assertThat(k.publicKey()).hasSize(33);
  }

  @Test
  void getKey_unknownAlgorithm_rejected() throws Exception {
    SimKeyDerivation d = SimKeyDerivation.forApp(SecretBytes.copyOf(new byte[32]), new byte[20]);
    assertThatThrownBy(() -> d.getKey("/p", "x", "rsa"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void derivedKey_toString_redactsKey() throws Exception {
    SimKeyDerivation d = SimKeyDerivation.forApp(SecretBytes.copyOf(new byte[32]), new byte[20]);
    var k = d.getKey("/p", "x", "secp256k1");
    String hex = HEX.formatHex(k.key().reveal(SecretAccess.insecure()));
    assertThat(k.toString()).doesNotContain(hex).contains("REDACTED");
  }

  /** The compressed key that made a dstack-style signature (recovery byte 0 or 1). */
  private static byte[] recover(byte[] sig65, byte[] hash) {
    byte[] sig = sig65.clone();
    sig[Secp256k1.V_OFFSET] += Secp256k1.V_BASE;
    return Secp256k1.compress(Secp256k1.recover(hash, sig).orElseThrow());
  }
}
