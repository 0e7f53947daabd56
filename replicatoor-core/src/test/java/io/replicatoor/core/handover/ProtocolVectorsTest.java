package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.crypto.Keccak256;
import io.replicatoor.core.port.ChainBlock;
import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.port.Sha256Hash;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.core.state.KeyAlgorithm;
import io.replicatoor.core.state.KeyDerivation;
import io.replicatoor.core.state.ReplicatedState;
import io.replicatoor.core.state.Secp256k1;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recomputes every vector of {@code docs/protocol.md} section 10 (the doc is the source). */
class ProtocolVectorsTest {
  private static final Path DOC = Path.of("..", "docs", "protocol.md");

  private static Map<String, String> vectors() throws Exception {
    assertThat(DOC).as("docs/protocol.md beside the module").exists();
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int start = doc.indexOf("```vectors\n");
    assertThat(start).as("a ```vectors block").isNotNegative();
    int end = doc.indexOf("```", start + 11);
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : doc.substring(start + 11, end).split("\n")) {
      if (!line.isBlank()) {
        String[] kv = line.split(" = ", 2);
        m.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
      }
    }
    return m;
  }

  private static byte[] fill(int v) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) v);
    return b;
  }

  @Test
  void everyVectorInTheDocument_recomputes() throws Exception {
    Map<String, String> v = vectors();
    Map<String, String> got = new LinkedHashMap<>();
    byte[] root = new byte[32];
    for (int i = 0; i < 32; i++) {
      root[i] = (byte) i;
    }
    ReplicatedState s = ReplicatedState.of(SecretBytes.copyOf(root), 0);
    got.put("root_secret", Hex.encode(root));
    got.put("state_public_key", Hex.encode(s.identityPublicKey()));
    got.put("state_address", s.identityAddress().toHex());
    got.put("fingerprint", s.fingerprint().toHex());
    HandoverConfig c =
        HandoverConfig.of(
            31337, EthereumAddress.fromHex("5fbdb2315678afecb367f032d93f642f64180aa3"));
    BlockAnchor an = new BlockAnchor(123, Bytes32.of(fill(0x11)));
    byte[] tj = Transcripts.join(c, an, fill(0x22));
    got.put("t_join", Hex.encode(tj));
    got.put("reportdata_join", Transcripts.reportData(tj).toHex());
    byte[] tt =
        Transcripts.transfer(
            c,
            Sha256Hash.of(fill(0x33)),
            an,
            fill(0x22),
            fill(0x44),
            Sha256Hash.of(fill(0x55)),
            7,
            s.fingerprint(),
            130);
    got.put("t_transfer", Hex.encode(tt));
    got.put("reportdata_transfer", Transcripts.reportData(tt).toHex());
    byte[] tg = Transcripts.genesis(c, s.fingerprint());
    got.put("t_genesis", Hex.encode(tg));
    got.put("reportdata_genesis", Transcripts.reportData(tg).toHex());
    byte[] ts =
        Transcripts.status(
            c,
            1,
            s.fingerprint(),
            7,
            s.identityPublicKey(),
            new ChainBlock(130, Bytes32.of(fill(0x11)), Instant.ofEpochSecond(1_780_000_000L)));
    got.put("t_status", Hex.encode(ts));
    got.put("reportdata_status", Transcripts.reportData(ts).toHex());
    got.put(
        "join_quote_field",
        new JoinRequest(fill(0x22), Evidence.of(new byte[] {1, 2, 3}, "[]"), an).quoteField());
    got.put("hpke_info", Hex.encode(Transcripts.hpkeInfo(Sha256Hash.of(fill(0x33)), an)));
    got.put("hpke_aad", Hex.encode(Transcripts.hpkeAad(7, s.fingerprint())));
    for (KeyAlgorithm alg : KeyAlgorithm.values()) {
      DerivedKey k = KeyDerivation.derive(s, "wallet/0", "signing", alg);
      String p = "derive_" + alg.wireName() + "_";
      got.put(p + "key", Hex.encode(k.key().reveal(SecretAccess.insecure())));
      if (alg != KeyAlgorithm.RAW) {
        got.put(p + "public_key", Hex.encode(k.publicKey()));
        got.put(p + "signature", Hex.encode(k.signature()));
      }
      k.address().ifPresent(a -> got.put(p + "address", a.toHex()));
    }
    assertThat(v).containsExactlyInAnyOrderEntriesOf(got);
  }

  @Test
  void signatureVectors_recoverToTheStateAddress_independently() throws Exception {
    Map<String, String> v = vectors();
    byte[] statePub = Hex.decode(v.get("state_public_key"));
    // The fingerprint, recomputed by hand from its definition.
    byte[] label = "replicatoor/v1/state-key".getBytes(StandardCharsets.US_ASCII);
    byte[] pre = new byte[4 + label.length + 4 + statePub.length];
    pre[3] = (byte) label.length;
    System.arraycopy(label, 0, pre, 4, label.length);
    pre[4 + label.length + 3] = (byte) statePub.length;
    System.arraycopy(statePub, 0, pre, 8 + label.length, statePub.length);
    assertThat(Sha256Hash.digest(pre).toHex()).isEqualTo(v.get("fingerprint"));
    for (String alg : new String[] {"secp256k1", "ed25519"}) {
      byte[] msg =
          KeyDerivation.signedMessage(
              KeyAlgorithm.parse(alg),
              "signing".getBytes(StandardCharsets.UTF_8),
              "wallet/0".getBytes(StandardCharsets.UTF_8),
              Hex.decode(v.get("derive_" + alg + "_public_key")));
      byte[] sig = Hex.decode(v.get("derive_" + alg + "_signature"));
      assertThat(Secp256k1.recover(Keccak256.digest(msg), sig))
          .hasValueSatisfying(q ->
              assertThat(EthereumAddress.ofPublicKey(q).toHex()).isEqualTo(v.get("state_address")));
      // low-s and v in {27, 28}
      assertThat(sig[64]).isIn((byte) 27, (byte) 28);
    }
  }
}
