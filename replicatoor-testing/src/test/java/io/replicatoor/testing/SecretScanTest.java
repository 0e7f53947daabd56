package io.replicatoor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan catches a planted secret in every form it promises, and nothing else. */
class SecretScanTest {
  private static final byte[] SECRET = bytes(32, 7);
  private static final byte[] OTHER = bytes(32, 8);

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static SecretScan scan() {
    return SecretScan.create().add("root secret", SECRET);
  }

  @Test
  void findings_cleanText_none() {
    String text =
        "{\"fingerprint\":\"0x"
            + HexFormat.of().formatHex(OTHER)
            + "\",\"b64\":\""
            + Base64.getEncoder().encodeToString(OTHER)
            + "\"}";
    assertThat(scan().findings("answer", text)).isEmpty();
  }

  @Test
  void findings_hexEitherCase_found() {
    String hex = HexFormat.of().formatHex(SECRET);
    assertThat(scan().findings("log", "key=0x" + hex))
        .containsExactly("log: root secret #0 as hex");
    assertThat(scan().findings("log", "KEY=" + hex.toUpperCase(Locale.ROOT)))
        .containsExactly("log: root secret #0 as hex");
  }

  @Test
  void findings_base64AtEveryAlignmentAndAlphabet_found() {
    for (int prefix = 0; prefix < 3; prefix++) {
      byte[] blob = new byte[prefix + SECRET.length + 5];
      System.arraycopy(SECRET, 0, blob, prefix, SECRET.length);
      String std = Base64.getEncoder().encodeToString(blob);
      String url = Base64.getUrlEncoder().withoutPadding().encodeToString(blob);
      assertThat(scan().findings("std" + prefix, "x " + std + " y"))
          .as("prefix %d", prefix)
          .anyMatch(f -> f.contains("as Base64"));
      assertThat(scan().findings("url" + prefix, url))
          .as("prefix %d", prefix)
          .anyMatch(f -> f.contains("as Base64"));
    }
  }

  @Test
  void findings_rawBytesInBinary_found() {
    byte[] blob = new byte[100];
    System.arraycopy(SECRET, 0, blob, 41, SECRET.length);
    assertThat(scan().findings("file", blob)).containsExactly("file: root secret #0 raw");
  }

  @Test
  void findings_textSecret_found() {
    SecretScan s = SecretScan.create().add("api key", "apiKey_0123456789abcdef");
    assertThat(s.findings("status", "x=apiKey_0123456789abcdef")).hasSize(1);
    assertThat(s.findings("status", "x=apiKey_0123456789abcdeX")).isEmpty();
  }

  @Test
  void findingsInTree_plantedFile_foundAndSkippedFileIgnored(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("clean.log"), "nothing here\n");
    Path sub = Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(
        sub.resolve("leak.json"), "{\"k\":\"" + HexFormat.of().formatHex(SECRET) + "\"}");
    Files.write(dir.resolve("state.sealed"), SECRET);
    List<String> f =
        scan().findingsInTree(dir, p -> p.getFileName().toString().endsWith(".sealed"));
    assertThat(f).containsExactly("a/b/leak.json: root secret #0 as hex");
    assertThat(SecretScan.countFiles(dir, p -> false)).isEqualTo(3);
  }

  @Test
  void add_tooShort_refused() {
    assertThatThrownBy(() -> SecretScan.create().add("nonce", new byte[8]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            SecretScan.create()
                .addAllLongEnough(
                    "r", List.of(new byte[8], SECRET, "x".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(1);
  }
}
