package io.replicatoor.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HashAlgorithmTest {
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

  @Test
  void knownAnswers_forAbc() {
    // NIST FIPS 180-4 / 202 examples and the original Keccak reference (Ethereum) for "abc".
    assertThat(hex(HashAlgorithm.SHA256))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(hex(HashAlgorithm.SHA3_256))
        .isEqualTo("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
    assertThat(hex(HashAlgorithm.KECCAK256))
        .isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    assertThat(hex(HashAlgorithm.KECCAK384).substring(0, 16)).isEqualTo("f7df1165f033337b");
    assertThat(hex(HashAlgorithm.KECCAK512).substring(0, 16)).isEqualTo("18587dc2ea106b9a");
  }

  @Test
  void wireNames_andLengths() {
    assertThat(HashAlgorithm.values()).hasSize(9);
    int[] lengths = {32, 48, 64, 32, 48, 64, 32, 48, 64};
    for (HashAlgorithm a : HashAlgorithm.values()) {
      assertThat(HashAlgorithm.byWireName(a.wireName())).contains(a);
      assertThat(a.digest(ABC)).hasSize(lengths[a.ordinal()]);
      assertThat(a.digest("a".getBytes(StandardCharsets.US_ASCII), "bc".getBytes()))
          .isEqualTo(a.digest(ABC));
    }
    assertThat(HashAlgorithm.byWireName("SHA256")).isEmpty();
    assertThat(HashAlgorithm.byWireName("raw")).isEmpty();
    assertThat(HashAlgorithm.KECCAK256.digest(ABC)).isEqualTo(Keccak256.digest(ABC));
    assertThat(HashAlgorithm.KECCAK256.digest(ABC))
        .isNotEqualTo(HashAlgorithm.SHA3_256.digest(ABC));
  }

  @Test
  void missingAlgorithm_isOneUncheckedBugException() {
    assertThatThrownBy(() -> RequiredAlgorithms.messageDigest("NO-SUCH-DIGEST"))
        .isInstanceOf(RequiredAlgorithms.MissingAlgorithmError.class)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NO-SUCH-DIGEST");
    assertThat(RequiredAlgorithms.require("SHA-512", () -> MessageDigest.getInstance("SHA-512")))
        .isNotNull();
  }

  private static String hex(HashAlgorithm a) {
    return HexFormat.of().formatHex(a.digest(ABC));
  }
}
