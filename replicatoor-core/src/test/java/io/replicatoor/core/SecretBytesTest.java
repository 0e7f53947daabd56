package io.replicatoor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Threat model P11: key material never leaks through toString, serialisation or equality. */
class SecretBytesTest {

  @Test
  void toString_randomSecrets_neverContainSecretEncodings() {
    Random seeded = new Random(42);
    for (int i = 0; i < 500; i++) {
      byte[] raw = new byte[1 + seeded.nextInt(64)];
      seeded.nextBytes(raw);
      SecretBytes s = SecretBytes.copyOf(raw);
      String printed = s + " " + String.valueOf(s);
      assertThat(printed).contains("REDACTED").contains(raw.length + " bytes");
      if (raw.length >= 4) {
        assertThat(printed.toLowerCase()).doesNotContain(HexFormat.of().formatHex(raw));
        assertThat(printed).doesNotContain(Base64.getEncoder().encodeToString(raw));
      }
    }
  }

  @Test
  void jackson_serialisation_exposesNoSecret() throws Exception {
    byte[] raw = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    SecretBytes s = SecretBytes.copyOf(raw);
    String json;
    try {
      json = new ObjectMapper().writeValueAsString(s);
    } catch (InvalidDefinitionException e) {
      json = e.getMessage(); // no properties: serialisation refuses, which is also safe
    }
    assertThat(json)
        .doesNotContain("00112233445566778899aabbccddeeff")
        .doesNotContain(Base64.getEncoder().encodeToString(raw));
  }

  @Test
  void copyOf_callerWipesArray_secretUnchanged() {
    byte[] raw = {1, 2, 3, 4};
    SecretBytes s = SecretBytes.copyOf(raw);
    Arrays.fill(raw, (byte) 0);
    assertThat(s.reveal(SecretAccess.insecure())).containsExactly(1, 2, 3, 4);
  }

  @Test
  void reveal_returnsCopy_mutationDoesNotLeakBack() {
    SecretBytes s = SecretBytes.copyOf(new byte[] {9, 9});
    s.reveal(SecretAccess.insecure())[0] = 0;
    assertThat(s.reveal(SecretAccess.insecure())).containsExactly(9, 9);
  }

  @Test
  void reveal_nullAccess_rejected() {
    SecretBytes s = SecretBytes.copyOf(new byte[] {1});
    assertThatThrownBy(() -> s.reveal(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void equalsSecret_comparesContent_equalsIsIdentity() {
    SecretBytes a = SecretBytes.copyOf(new byte[] {1, 2, 3});
    SecretBytes b = SecretBytes.copyOf(new byte[] {1, 2, 3});
    SecretBytes c = SecretBytes.copyOf(new byte[] {1, 2, 4});
    assertThat(a.equalsSecret(b)).isTrue();
    assertThat(a.equalsSecret(c)).isFalse();
    assertThat(a.equalsSecret(null)).isFalse();
    assertThat(a).isNotEqualTo(b); // no value equality on key material
  }

  @Test
  void random_lengthAndDistinct() {
    SecureRandom rng = new SecureRandom();
    SecretBytes a = SecretBytes.random(32, rng);
    SecretBytes b = SecretBytes.random(32, rng);
    assertThat(a.size()).isEqualTo(32);
    assertThat(a.equalsSecret(b)).isFalse();
    assertThatThrownBy(() -> SecretBytes.random(0, rng))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void destroy_thenRead_throwsInsteadOfZeros() {
    SecretBytes s = SecretBytes.copyOf(new byte[] {5, 6});
    s.destroy();
    assertThat(s.isDestroyed()).isTrue();
    assertThatThrownBy(() -> s.reveal(SecretAccess.insecure()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(s.toString()).isEqualTo("SecretBytes[REDACTED, 2 bytes, destroyed]");
  }
}
