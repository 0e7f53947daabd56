package io.replicatoor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a Node.js script of a test's npm project (an SDK talking to our sockets) for its JSON. */
public final class NodeScript {
  /** How long one script may run before the test fails. */
  public static final long TIMEOUT_SECONDS = 120;

  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeScript() {}

  /**
   * Runs {@code node script args...} in {@code dir} and returns what it printed, as JSON; fails
   * (with its stderr) unless it exits 0 within {@link #TIMEOUT_SECONDS}.
   */
  public static JsonNode runJson(Path dir, String script, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile("node", ".out");
    Path stderr = Files.createTempFile("node", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("node " + script + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(
            "node "
                + script
                + " exit code "
                + p.exitValue()
                + ", expected 0; stderr: "
                + Files.readString(stderr));
      }
      return JSON.readTree(Files.readString(stdout));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
