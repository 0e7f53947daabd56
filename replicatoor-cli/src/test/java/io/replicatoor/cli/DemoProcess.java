package io.replicatoor.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code replicatoor demo} as its own process ({@code java -cp <this test's class path> Main}), in
 * its own session and process group (as a shell runs a foreground job), with its own temporary
 * folder, so tests can send it signals and check what it leaves behind.
 */
final class DemoProcess implements AutoCloseable {
  private static final String EOF = "\u0000eof";

  final Process process;
  final Path tmp;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private final StringBuilder err = new StringBuilder();

  private DemoProcess(Process process, Path tmp) {
    this.process = process;
    this.tmp = tmp;
    Thread out = new Thread(() -> pump(process, lines), "demo-stdout");
    out.setDaemon(true);
    out.start();
    Thread e =
        new Thread(
            () -> {
              try {
                String s =
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (err) {
                  err.append(s);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "demo-stderr");
    e.setDaemon(true);
    e.start();
  }

  private static void pump(Process p, LinkedBlockingQueue<String> q) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        q.add(line);
      }
    } catch (IOException ignored) {
      // the process ended
    } finally {
      q.add(EOF);
    }
  }

  /** Starts {@code demo args...} with the anvil of the build and {@code tmp} as its temp folder. */
  static DemoProcess start(Path tmp, String... args) throws IOException {
    Files.createDirectories(tmp);
    List<String> cmd = new ArrayList<>();
    cmd.add("setsid"); // own process group: a group signal reaches the demo and its children only
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Djava.io.tmpdir=" + tmp);
    cmd.add("-Dreplicatoor.anvil=" + System.getProperty("replicatoor.anvil"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.add("demo");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove(DemoCommand.ENV_ANVIL);
    return new DemoProcess(pb.start(), tmp);
  }

  /** Waits for a stdout line starting with {@code prefix}; fails after {@code timeout}. */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null || line.equals(EOF)) {
        if (line != null) {
          lines.add(EOF);
        }
        throw new AssertionError(
            "no line starting with '" + prefix + "'; stdout so far " + seen + "; stderr " + err());
      }
      seen.add(line);
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** Every stdout line read so far. */
  List<String> seen() {
    return List.copyOf(seen);
  }

  String err() {
    synchronized (err) {
      return err.toString();
    }
  }

  /** The demo and every process it started (anvil's wrapper and anvil). */
  List<ProcessHandle> tree() {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(process.toHandle());
    process.toHandle().descendants().forEach(all::add);
    return all;
  }

  /** Sends {@code signal} (INT, TERM) to the demo's whole process group, as Ctrl-C does. */
  void signalGroup(String signal) throws IOException, InterruptedException {
    run("kill", "-" + signal, "--", "-" + process.pid());
  }

  /** Sends {@code signal} to the demo's JVM only. */
  void signal(String signal) throws IOException, InterruptedException {
    run("kill", "-" + signal, String.valueOf(process.pid()));
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process k = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (k.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
    }
  }

  /** Waits for the exit code (at most {@code timeout}). */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the demo did not exit within " + timeout + "; stderr " + err());
    }
    return process.exitValue();
  }

  /** Entries left in the demo's temporary folder (the JVM's own perf data aside). */
  List<String> leftInTmp() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("hsperfdata"))
          .toList();
    }
  }

  /** Whether any of {@code processes} still runs, waiting up to 10 s for them to go. */
  static List<ProcessHandle> stillAlive(List<ProcessHandle> processes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (processes.stream().noneMatch(ProcessHandle::isAlive)) {
        return List.of();
      }
      Thread.sleep(100);
    }
    return processes.stream().filter(ProcessHandle::isAlive).toList();
  }

  @Override
  public void close() {
    for (ProcessHandle h : tree().reversed()) {
      h.destroyForcibly();
    }
  }
}
