package io.replicatoor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Ephemeral secrets: used once, erased after use, never printed, identity equality. */
class OneTimeSecretTest {
  private static final SecretAccess ACCESS = SecretAccess.insecure();

  @Test
  void useOnce_givesTheBytes_thenErasesThem() {
    byte[] raw = {1, 2, 3, 4};
    OneTimeSecret s = OneTimeSecret.copyOf(raw);
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
    OneTimeSecret s = OneTimeSecret.copyOf(new byte[] {7});
    s.useOnce(ACCESS, b -> b.length);
    assertThatThrownBy(() -> s.useOnce(ACCESS, b -> b.length))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already used");
    OneTimeSecret t = OneTimeSecret.copyOf(new byte[] {7});
    t.destroy();
    t.destroy(); // idempotent
    assertThatThrownBy(() -> t.useOnce(ACCESS, b -> b.length))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void failingUse_stillErases_andPropagatesCheckedException() {
    OneTimeSecret s = OneTimeSecret.copyOf(new byte[] {5, 5});
    AtomicReference<byte[]> lent = new AtomicReference<>();
    assertThatThrownBy(
            () ->
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
    OneTimeSecret s = OneTimeSecret.random(32, new SecureRandom());
    try (s) {
      assertThat(s.isDestroyed()).isFalse();
    }
    assertThat(s.isDestroyed()).isTrue();
    assertThatThrownBy(() -> OneTimeSecret.random(0, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_isRedacted_andEqualsIsIdentity() {
    byte[] raw = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    OneTimeSecret a = OneTimeSecret.copyOf(raw);
    OneTimeSecret b = OneTimeSecret.copyOf(raw);
    assertThat(a.toString())
        .isEqualTo("OneTimeSecret[REDACTED, 16 bytes]")
        .doesNotContain("00112233")
        .doesNotContain(Base64.getEncoder().encodeToString(raw));
    assertThat(a).isNotEqualTo(b).isEqualTo(a);
    a.destroy();
    assertThat(a.toString()).isEqualTo("OneTimeSecret[REDACTED, 16 bytes, destroyed]");
    assertThatThrownBy(() -> b.useOnce(null, x -> x)).isInstanceOf(NullPointerException.class);
  }
}
