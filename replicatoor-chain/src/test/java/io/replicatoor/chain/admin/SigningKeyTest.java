package io.replicatoor.chain.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.sim.anvil.Anvil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
  @TempDir Path tmp;

  @Test
  void fromHex_devKey0_derivesKnownAddressAndNeverPrintsKey() throws Exception {
    SigningKey k = SigningKey.fromHex(Anvil.KEY_0);
    assertThat(k.address().toPrefixedHex()).isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    assertThat(k.toString()).contains("REDACTED").doesNotContain(Anvil.KEY_0.substring(2));
    assertThat(SigningKey.fromHex(Anvil.KEY_0.substring(2)).address()).isEqualTo(k.address());
  }

  @Test
  void fromHex_malformed_badRequestWithoutEchoingInput() {
    String secretish = "deadbeef".repeat(7) + "zz";
    assertThatThrownBy(() -> SigningKey.fromHex(secretish))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
              assertThat(e.getMessage()).doesNotContain("deadbeef");
            });
    assertThatThrownBy(() -> SigningKey.fromHex("00".repeat(32)))
        .hasMessageContaining("out of range");
  }

  @Test
  void fromHex_nonAsciiDigit_badRequestWithoutEchoingInput() {
    // Character.digit accepts U+FF10 (fullwidth zero); HexFormat then threw an unchecked
    // NumberFormatException (rendered as INTERNAL) instead of the documented BAD_REQUEST.
    String key = Anvil.KEY_0.substring(2);
    String fullwidth = key.substring(0, 10) + '\uFF10' + key.substring(11);
    assertThatThrownBy(() -> SigningKey.fromHex(fullwidth))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST);
              assertThat(e.getMessage())
                  .doesNotContain(key.substring(0, 10))
                  .doesNotContain(key.substring(11, 30));
            });
  }

  @Test
  void fromFileAndEnv_hexSources_loadSameKey() throws Exception {
    Path f = Files.writeString(tmp.resolve("k"), "  " + Anvil.KEY_1 + "\n");
    SigningKey a = SigningKey.fromFile(f, null, Map.of());
    SigningKey b = SigningKey.fromEnv("K", Map.of("K", Anvil.KEY_1));
    assertThat(a.address()).isEqualTo(b.address());
    assertThatThrownBy(() -> SigningKey.fromEnv("MISSING", Map.of()))
        .hasMessageContaining("MISSING is not set");
    Path keystore = Files.writeString(tmp.resolve("ks.json"), "{\"version\":3}");
    assertThatThrownBy(() -> SigningKey.fromFile(keystore, null, Map.of()))
        .hasMessageContaining("--password-env");
    assertThatThrownBy(() -> SigningKey.fromFile(keystore, "PW", Map.of("PW", "x")))
        .hasMessageContaining("not a valid keystore");
  }
}
