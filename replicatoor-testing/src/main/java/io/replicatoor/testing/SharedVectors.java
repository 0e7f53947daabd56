package io.replicatoor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (test vectors and specs beside the checkout). A test that needs the
 * vectors and cannot find them fails with a clear message; it never skips.
 */
public final class SharedVectors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SharedVectors() {}

  /** The {@code shared} directory; throws {@link AssertionError} if it is missing. */
  public static Path root() {
    String prop = System.getProperty("replicatoor.shared");
    Path p = prop != null ? Path.of(prop) : Path.of("..", "shared");
    if (!Files.isDirectory(p.resolve("vectors"))) {
      Path alt = Path.of("..", "..", "shared");
      if (prop == null && Files.isDirectory(alt.resolve("vectors"))) {
        return alt.toAbsolutePath().normalize();
      }
      throw new AssertionError(
          "test vectors not found at "
              + p.toAbsolutePath().normalize()
              + " — put the shared/ folder beside the checkout (CI does); these tests must not skip");
    }
    return p.toAbsolutePath().normalize();
  }

  /** A path under {@code shared/vectors}. */
  public static Path vectors(String first, String... more) {
    return root().resolve("vectors").resolve(Path.of(first, more));
  }

  /** Reads a file under {@code shared/vectors}. */
  public static byte[] read(String first, String... more) {
    try {
      return Files.readAllBytes(vectors(first, more));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a JSON file under {@code shared/vectors}. */
  public static JsonNode json(String first, String... more) {
    try {
      return JSON.readTree(read(first, more));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
