package io.replicatoor.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every production parser of JSON goes through {@link BoundedJson}: no main source file outside
 * {@code core.json} in any module reads JSON with Jackson directly or builds its own read
 * constraints. Writers (CLI output, simulator responses, JSON-RPC parameters) may use an {@code
 * ObjectMapper}.
 */
class OneJsonParserFenceTest {
  private static final Pattern PARSING =
      Pattern.compile(
          "\\.readTree\\(|\\.readValue\\(|\\.createParser\\(|\\.reader\\(|StreamReadConstraints"
              + "|StreamReadFeature");
  private static final Path ALLOWED =
      Path.of("replicatoor-core", "src", "main", "java", "io", "replicatoor", "core", "json");

  @Test
  void noMainSourceParsesJsonOutsideBoundedJson() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> mains = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      modules
          .filter(m -> m.getFileName().toString().startsWith("replicatoor-"))
          .map(m -> m.resolve("src/main/java"))
          .filter(Files::isDirectory)
          .forEach(mains::add);
    }
    assertThat(mains).as("module sources found from " + root).hasSizeGreaterThanOrEqualTo(4);
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    for (Path main : mains) {
      try (Stream<Path> files = Files.walk(main)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          scanned++;
          if (root.relativize(f).startsWith(ALLOWED)) {
            continue;
          }
          String text = Files.readString(f, StandardCharsets.UTF_8);
          if (PARSING.matcher(text).find()) {
            offenders.add(root.relativize(f).toString());
          }
        }
      }
    }
    assertThat(scanned).isGreaterThan(100);
    assertThat(offenders).as("parse JSON through core.json.BoundedJson").isEmpty();
  }
}
