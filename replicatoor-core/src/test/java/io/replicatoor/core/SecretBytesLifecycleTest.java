package io.replicatoor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The end of a secret's life: used once or destroyed, then erased; every later read throws. */
class SecretBytesLifecycleTest {
  private static final SecretAccess ACCESS = SecretAccess.insecure();

  @Test
  void useOnce_givesTheBytes_thenErasesThem() {
    byte[] raw = {1, 2, 3, 4};
    SecretBytes s = SecretBytes.copyOf(raw);
    raw[0] = 9; // the caller's array is not the held copy
    AtomicReference<byte[]> lent = new AtomicReference<>();
    int sum =
        s.useOnce(
            ACCESS,
            b -> {
              lent.set(b);
              return b[0] + b[1] + b[2] + b[3];
            });
    assertThat(sum).isEqualTo(10);
    assertThat(lent.get()).containsExactly(0, 0, 0, 0);
    assertThat(s.isDestroyed()).isTrue();
    assertThat(s.size()).isEqualTo(4);
  }

  @Test
  void secondUse_andUseAfterDestroy_areRefused() {
    SecretBytes s = SecretBytes.copyOf(new byte[] {7});
    s.useOnce(ACCESS, b -> b.length);
    assertThatThrownBy(() -> s.useOnce(ACCESS, b -> b.length))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already destroyed");
    SecretBytes t = SecretBytes.copyOf(new byte[] {7});
    t.destroy();
    t.destroy(); // idempotent
    assertThatThrownBy(() -> t.useOnce(ACCESS, b -> b.length))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void destroyedSecret_neverReadsAsZeros() {
    SecretBytes s = SecretBytes.copyOf(new byte[] {1, 2});
    SecretBytes same = SecretBytes.copyOf(new byte[] {1, 2});
    assertThat(s.equalsSecret(same)).isTrue();
    s.destroy();
    assertThatThrownBy(() -> s.reveal(ACCESS)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.equalsSecret(same)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> same.equalsSecret(s)).isInstanceOf(IllegalStateException.class);
    assertThat(same.reveal(ACCESS)).containsExactly(1, 2);
  }

  @Test
  void failingUse_stillErases_andPropagatesCheckedException() {
    SecretBytes s = SecretBytes.copyOf(new byte[] {5, 5});
    AtomicReference<byte[]> lent = new AtomicReference<>();
    assertThatThrownBy(() ->
            s.useOnce(
                ACCESS,
                b -> {
                  lent.set(b);
                  throw new GeneralSecurityException("decap failed");
                }))
        .isInstanceOf(GeneralSecurityException.class);
    assertThat(lent.get()).containsExactly(0, 0);
    assertThat(s.isDestroyed()).isTrue();
  }

  @Test
  void closeInTryWithResources_erasesUnusedSecret() {
    SecretBytes s = SecretBytes.random(32, new SecureRandom());
    try (s) {
      assertThat(s.isDestroyed()).isFalse();
    }
    assertThat(s.isDestroyed()).isTrue();
    assertThatThrownBy(() -> SecretBytes.random(0, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_isRedacted_andEqualsIsIdentity() {
    byte[] raw = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    SecretBytes a = SecretBytes.copyOf(raw);
    SecretBytes b = SecretBytes.copyOf(raw);
    assertThat(a.toString())
        .isEqualTo("SecretBytes[REDACTED, 16 bytes]")
        .doesNotContain("00112233")
        .doesNotContain(Base64.getEncoder().encodeToString(raw));
    assertThat(a).isNotEqualTo(b).isEqualTo(a);
    a.destroy();
    assertThat(a.toString()).isEqualTo("SecretBytes[REDACTED, 16 bytes, destroyed]");
    assertThatThrownBy(() -> b.useOnce(null, x -> x)).isInstanceOf(NullPointerException.class);
  }
}
