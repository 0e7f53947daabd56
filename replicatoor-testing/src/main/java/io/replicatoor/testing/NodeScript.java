package io.replicatoor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real Node.js script as a child process (the interop tests against the official SDK). */
public final class NodeScript {
  /** How long a script may run before the test fails. */
  public static final long TIMEOUT_SECONDS = 120;

  private NodeScript() {}

  /**
   * Runs {@code node SCRIPT ARGS...} in {@code dir} and returns what it printed on stdout.
   *
   * @throws AssertionError if it does not exit 0 within {@link #TIMEOUT_SECONDS} (the message holds
   *     its stderr)
   */
  public static String run(Path dir, String script, String... args)
      throws IOException, InterruptedException {
    Path stdout = Files.createTempFile("node", ".out");
    Path stderr = Files.createTempFile("node", ".err");
    try {
      List<String> command = new ArrayList<>(List.of("node", script));
      command.addAll(List.of(args));
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
                + "; stderr: "
                + Files.readString(stderr));
      }
      return Files.readString(stdout);
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
