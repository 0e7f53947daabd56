package io.replicatoor.cli.fences;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** House style: imports, not inline fully qualified names, in every module's Java code. */
class InlineNamesTest {

  @Test
  void findsAnInlineName_butNotInImportsCommentsOrStrings() {
    String source =
        String.join(
            "\n",
            "package p;",
            "import java.util.List;",
            "/** Uses java.util.Arrays in a comment. */",
            "class A {",
            "  // java.util.Arrays.fill(x, 0);",
            "  String s = \"java.util.Arrays\";",
            "  void f(byte[] x) { java.util.Arrays.fill(x, (byte) 0); }",
            "}");
    assertThat(InlineNames.find(source))
        .containsExactly(new InlineNames.Hit(7, "java.util.Arrays"));
  }

  @Test
  void allowsAQualifiedName_whoseSimpleNameIsTaken() {
    String source =
        String.join(
            "\n",
            "package p;",
            "import io.replicatoor.core.bytes.Bytes32;",
            "class A {",
            "  Object o = new org.web3j.abi.datatypes.generated.Bytes32(new byte[32]);",
            "  Object e = new java.security.spec.ECPoint(null, null);",
            "}",
            "class ECPoint {}");
    assertThat(InlineNames.find(source)).isEmpty();
  }

  @Test
  void noModule_usesInlineQualifiedNames() throws IOException {
    String property = System.getProperty("replicatoor.root");
    assertThat(property).as("system property replicatoor.root (set by the build)").isNotNull();
    Path root = Path.of(property).toAbsolutePath().normalize();
    List<String> found = new ArrayList<>();
    int files;
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> sources =
          walk.filter(p -> p.toString().endsWith(".java"))
              .filter(p -> root.relativize(p).toString().contains("src/"))
              .filter(p -> !root.relativize(p).toString().contains("/target/"))
              .filter(p -> !root.relativize(p).toString().contains("node_modules"))
              .toList();
      files = sources.size();
      for (Path p : sources) {
        for (InlineNames.Hit h : InlineNames.find(read(p))) {
          found.add(root.relativize(p) + ":" + h.line() + " " + h.name());
        }
      }
    }
    assertThat(files).as("Java files scanned").isGreaterThan(300);
    assertThat(found).as("inline qualified names (import them instead)").isEmpty();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
