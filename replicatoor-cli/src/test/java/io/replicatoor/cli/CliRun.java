package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;

/**
 * One in-process run of the real CLI ({@link Main#commandLine()}): the exit code and everything
 * written to stdout and stderr.
 */
record CliRun(int exitCode, String out, String err) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs the CLI with {@code args} to completion. */
  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = commandLine(out, err).execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** {@code fixed} followed by {@code more}, as one argument array. */
  static String[] args(List<String> fixed, String... more) {
    List<String> all = new ArrayList<>(fixed);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /**
   * {@code upgrade check --rpc RPCS --contract C --code-hash H --measurement-id ID --chain-id N
   * --json}: the options every {@code upgrade check} run names.
   */
  static List<String> upgradeCheckArgs(
      String rpcs, String contract, String codeHash, String id, String chainId) {
    return new ArrayList<>(
        List.of(
            "upgrade",
            "check",
            "--rpc",
            rpcs,
            "--contract",
            contract,
            "--code-hash",
            codeHash,
            "--measurement-id",
            id,
            "--chain-id",
            chainId,
            "--json"));
  }

  /**
   * Asserts the exit code and the JSON {@code error} code on stdout (a {@code --json} run that
   * failed).
   */
  CliRun assertError(int expectedExit, String expectedError) throws IOException {
    assertThat(exitCode).as(err).isEqualTo(expectedExit);
    assertThat(json().get("error").asText()).as(out).isEqualTo(expectedError);
    return this;
  }

  /**
   * Starts a long-running command (such as {@code simulate}) on a background thread; stop it with
   * {@link Background#stop()}.
   */
  static Background start(String... args) {
    return new Background(args);
  }

  /**
   * Starts {@code simulate --socket SOCKET --compose COMPOSE --state STATE --json} in the
   * background.
   */
  static Background simulate(Path socket, Path compose, Path state) {
    return start(simulateArgs(socket, compose, state));
  }

  /** {@code simulate --socket SOCKET --compose COMPOSE --state STATE --json}. */
  static String[] simulateArgs(Path socket, Path compose, Path state) {
    return new String[] {
      "simulate",
      "--socket",
      socket.toString(),
      "--compose",
      compose.toString(),
      "--state",
      state.toString(),
      "--json"
    };
  }

  /** Stdout parsed as one JSON document. */
  JsonNode json() throws IOException {
    return JSON.readTree(out);
  }

  private static CommandLine commandLine(StringWriter out, StringWriter err) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl;
  }

  /** A command running on its own thread, with its stdout readable while it runs. */
  static final class Background {
    private static final long STARTUP_NANOS = 60_000_000_000L;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicInteger exit = new AtomicInteger(-1);
    private final Thread thread;

    private Background(String[] args) {
      CommandLine cl = commandLine(out, err);
      thread = new Thread(() -> exit.set(cl.execute(args)));
      thread.start();
    }

    /**
     * Waits (at most 60 s, or until the command exits) for the first JSON object on stdout, the
     * startup line of {@code simulate --json}, and parses it.
     */
    JsonNode awaitJson() throws IOException, InterruptedException {
      long deadline = System.nanoTime() + STARTUP_NANOS;
      while (!out.toString().contains("}") && System.nanoTime() < deadline && thread.isAlive()) {
        Thread.sleep(50);
      }
      return JSON.readTree(out.toString());
    }

    /** Waits (at most 60 s, or until the command exits) until stdout contains {@code marker}. */
    String awaitOutput(String marker) throws InterruptedException {
      long deadline = System.nanoTime() + STARTUP_NANOS;
      while (!out.toString().contains(marker) && System.nanoTime() < deadline && thread.isAlive()) {
        Thread.sleep(50);
      }
      return out.toString();
    }

    /** What the command wrote to stderr so far. */
    String err() {
      return err.toString();
    }

    /** Interrupts the command, waits up to 30 s for it to finish and returns its exit code. */
    int stop() throws InterruptedException {
      thread.interrupt();
      thread.join(30_000);
      return exit.get();
    }
  }
}
