package io.replicatoor.embed.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class from this test class path. Its stdout goes to a file (not a
 * pipe: the JDK drains and closes a pipe when the process dies, racing a reader, so the last lines
 * of a killed child could be lost); stderr is inherited.
 */
final class ChildJvm implements AutoCloseable {
  /** Exit status of a process killed by SIGKILL (128 + 9). */
  static final int KILLED_BY_SIGKILL = 128 + 9;

  /** How often {@link #awaitFirstLine} looks at the output file. */
  private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private final Process process;
  private final Path stdout;

  private ChildJvm(Process process, Path stdout) {
    this.process = process;
    this.stdout = stdout;
  }

  /** The command that runs {@code main} in a fresh JVM with this JVM's class path. */
  static List<String> command(Class<?> main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:-UsePerfData"); // no hsperfdata file: the child writes only what the test says
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * Starts {@code command} (from {@link #command}, possibly behind a prefix such as prlimit or
   * strace) with its stdout in {@code stdout}.
   */
  static ChildJvm start(List<String> command, Path stdout) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.redirectOutput(stdout.toFile());
    return new ChildJvm(pb.start(), stdout);
  }

  /**
   * Waits until the child printed a first complete line and returns it; null if the child exited
   * first or {@code timeoutMs} passed.
   */
  String awaitFirstLine(long timeoutMs) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      String s = Files.readString(stdout, StandardCharsets.UTF_8);
      int nl = s.indexOf('\n');
      if (nl >= 0) {
        return s.substring(0, nl);
      }
      if (!process.isAlive()) {
        return null;
      }
      TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
    }
    return null;
  }

  /** SIGKILL, then waits for the exit; returns the exit status. */
  int kill() throws InterruptedException {
    process.destroyForcibly(); // SIGKILL on Linux
    return process.waitFor();
  }

  /** Waits for the exit (bounded); returns the exit status. */
  int waitFor(long timeoutMs) throws InterruptedException {
    if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("child did not exit within " + timeoutMs + " ms");
    }
    return process.waitFor();
  }

  /** Every complete stdout line, after the child exited. */
  List<String> lines() throws IOException {
    if (process.isAlive()) {
      throw new IllegalStateException("child still running");
    }
    String s = Files.readString(stdout, StandardCharsets.UTF_8);
    int end = s.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(s.substring(0, end).split("\n", -1));
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
