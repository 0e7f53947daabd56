package io.replicatoor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.core.ErrorCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replicatoor demo}: the product on embedded defaults, on one machine ({@link LocalDemo}): a
 * local anvil chain with {@code UpgradeOperator}, simulated TDX VMs and their replicatoor servers;
 * genesis, registration, the timelock, the hand-over over HTTP and the same derived key on both
 * sides, one progress line per step. Everything it starts is stopped and every file it writes is
 * deleted, also on Ctrl-C (exit 130) and SIGTERM (exit 143). With {@code --keep} it stays up until
 * SIGTERM or Ctrl-C (exit 0) so the original curl flow can be tried against a waiting instance.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs replicatoor on one machine: a local anvil chain with the UpgradeOperator contract,"
          + " simulated TDX VMs (DEVELOPMENT trust root) and a replicatoor server for each.",
      "Shows genesis, the owner's registration, the 48 h timelock refusing an early hand-over,"
          + " the hand-over A to B over HTTP and the same derived key on A and B.",
      "Needs anvil: contracts/node_modules/.bin/anvil (./mvnw package installs it), --anvil PATH"
          + " or REPLICATOOR_ANVIL.",
      "With --json the progress lines go to stderr."
    })
public final class DemoCommand implements Callable<Integer> {
  /** Environment variable naming the anvil binary (the {@code ./replicatoor} launcher sets it). */
  static final String ENV_ANVIL = "REPLICATOOR_ANVIL";

  /** System property naming the anvil binary (the Maven test builds set it). */
  static final String PROPERTY_ANVIL = "replicatoor.anvil";

  /** Largest number of instances (each is an agent, an instance, a server and a socket). */
  static final int MAX_INSTANCES = 16;

  @Spec CommandSpec spec;

  @Mixin JsonOption json;

  @Option(
      names = "--instances",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "Simulated VMs (default ${DEFAULT-VALUE}, at most "
              + MAX_INSTANCES
              + "): A and B take part, the others wait (not onboarded).")
  int instances;

  @Option(
      names = "--keep",
      description =
          "Keep everything running after the demo, until SIGTERM or Ctrl-C (exit 0); prints one"
              + " JSON line with each instance's host URL and guest socket.")
  boolean keep;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "4001",
      description =
          "A's host port (default ${DEFAULT-VALUE}, the original's); B gets N+1 and so on; 0 picks"
              + " free ports.")
  int port;

  @Option(
      names = "--anvil",
      paramLabel = "PATH",
      description = "The anvil binary (default: " + ENV_ANVIL + ", set by ./replicatoor).")
  Path anvil;

  /** Undertow's and XNIO's start/stop notices (JUL): kept quiet, warnings still show. */
  private static final List<Logger> QUIET =
      List.of(Logger.getLogger("io.undertow"), Logger.getLogger("org.xnio"));

  /** Set by the shutdown hook: failures of the interrupted run are not reported. */
  private static volatile boolean stopping;

  @Override
  public Integer call() throws Exception {
    if (instances < 2 || instances > MAX_INSTANCES) {
      throw new UsageException("--instances must be between 2 and " + MAX_INSTANCES);
    }
    if (port != 0 && (port < 1024 || port + instances - 1 > 65_535)) {
      throw new UsageException(
          "--port must be 0 (free ports) or between 1024 and " + (65_536 - instances));
    }
    QUIET.forEach(l -> l.setLevel(Level.WARNING));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter progress = json.requested() ? err : out;
    LocalDemo demo =
        LocalDemo.prepare(
            new LocalDemo.Options(instances, port, anvilBinary(), null, name -> new SecureRandom()),
            step -> {
              progress.printf("  %-9s %s (%d ms)%n", step.name(), step.line(), step.millis());
              progress.flush();
            });
    boolean[] ready = {false};
    Thread hook =
        new Thread(
            () -> {
              stopping = true;
              try {
                demo.close();
              } catch (RuntimeException e) {
                err.println("replicatoor demo: clean-up incomplete: " + e.getMessage());
              }
              synchronized (ready) {
                if (ready[0]) {
                  out.flush();
                  err.println("replicatoor demo: stopped; everything it started is gone");
                  err.flush();
                  Runtime.getRuntime().halt(0); // --keep ends normally on SIGTERM / Ctrl-C
                }
              }
              err.println("replicatoor demo: interrupted; everything it started is gone");
              err.flush();
            },
            "replicatoor-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    progress.println(
        "replicatoor demo: a local anvil chain, "
            + instances
            + " simulated TDX VMs (simulator agents, DEVELOPMENT trust root) and a replicatoor"
            + " server for each");
    progress.flush();
    LocalDemo.Result result;
    try {
      result = demo.run();
    } catch (LocalDemo.SelfCheckFailed e) {
      if (stopping) {
        return awaitHalt();
      }
      finish(demo, hook);
      ErrorRenderer.render(
          spec.commandLine(),
          json.requested(),
          ErrorCode.INTERNAL,
          "self-check failed: " + e.getMessage());
      return ErrorCode.ExitClass.INTERNAL.exitCode();
    } catch (Exception | Error e) {
      if (stopping) {
        return awaitHalt(); // the JVM exits with the signal's status; nothing to report
      }
      finish(demo, hook);
      throw e;
    }
    if (!keep) {
      finish(demo, hook);
      if (json.requested()) {
        out.println(JsonOutput.write(resultJson(result)));
      } else {
        summary(out, result);
        out.println("  Everything it started is stopped and its files are deleted.");
      }
      out.flush();
      return 0;
    }
    ObjectNode ready1 = resultJson(result);
    ready1.put("rpc", demo.rpc().toString());
    ready1.put("contract", demo.contract());
    ArrayNode list = ready1.putArray("instances");
    for (LocalDemo.Instance i : demo.instances()) {
      ObjectNode n = list.addObject();
      n.put("name", i.name());
      n.put("hostUrl", i.hostUrl());
      n.put("guestSocket", i.guestSocket().toString());
      n.put("holdsState", i.holdsState());
    }
    if (!json.requested()) {
      summary(out, result);
    }
    out.println(JsonOutput.write(ready1));
    if (!json.requested()) {
      curlHelp(out, demo.instances());
    }
    out.flush();
    synchronized (ready) {
      ready[0] = true;
    }
    new CountDownLatch(1).await(); // until the shutdown hook halts the JVM
    return 0;
  }

  /**
   * Waits for the JVM to end after a signal: the shutdown hook cleans up and the JVM then exits
   * with 128 + the signal's number. Returning instead would let {@code main}'s {@code System.exit}
   * race the signal's status.
   */
  private static int awaitHalt() {
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // the clean-up interrupts the steps; keep waiting for the JVM to halt
      }
    }
  }

  /** Closes the demo now and drops the hook (unless the JVM is already shutting down). */
  private static void finish(LocalDemo demo, Thread hook) {
    demo.close();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutdown in progress: the hook runs anyway and finds the demo closed
    }
  }

  /** The {@code --json} object: ok, fingerprint, keysMatch, steps, millis. */
  static ObjectNode resultJson(LocalDemo.Result r) {
    ObjectNode o = JsonOutput.mapper().createObjectNode();
    o.put("ok", true);
    o.put("fingerprint", r.fingerprint());
    o.put("keysMatch", r.keysMatch());
    o.put("address", r.address());
    o.put("refusedBeforeTimelock", r.refusedCode());
    o.put("activeAt", r.activeAt().getEpochSecond());
    ArrayNode steps = o.putArray("steps");
    for (LocalDemo.Step s : r.steps()) {
      ObjectNode n = steps.addObject();
      n.put("step", s.name());
      n.put("millis", s.millis());
      n.put("message", s.line());
    }
    ObjectNode m = o.putObject("millis");
    long handover = 0;
    for (Map.Entry<String, Long> e : r.millis().entrySet()) {
      m.put(e.getKey(), e.getValue());
    }
    for (String k : List.of("requestKey", "onboard", "receiveKey")) {
      handover += r.millis().getOrDefault(k, 0L);
    }
    m.put("handover", handover);
    return o;
  }

  private static void summary(PrintWriter out, LocalDemo.Result r) {
    long handover =
        r.millis().get("requestKey") + r.millis().get("onboard") + r.millis().get("receiveKey");
    out.println(
        "done in "
            + String.format(Locale.ROOT, "%.1f", r.millis().get("total") / 1000.0)
            + " s: B holds A's state (fingerprint "
            + r.fingerprint()
            + ") and derives the same keys; the hand-over took "
            + handover
            + " ms; an early one was refused ("
            + r.refusedCode()
            + ").");
  }

  private static void curlHelp(PrintWriter out, List<LocalDemo.Instance> list) {
    LocalDemo.Instance a = list.get(0);
    out.println();
    if (list.size() < 3) {
      out.println(
          "No instance waits for a hand-over; start with --instances 3 --keep to try the original"
              + " curl flow.");
      out.println("Running until Ctrl-C or SIGTERM.");
      return;
    }
    LocalDemo.Instance c = list.get(2);
    out.println(
        "The original curl flow hands the state from A to the waiting instance " + c.name() + ":");
    out.println("  curl -X POST " + c.hostUrl() + "/requestKey > req.json");
    out.println(
        "  curl -d \"pubk=$(jq -r .pubk req.json)\" -d \"quote=$(jq -r .quote req.json)\" "
            + a.hostUrl()
            + "/onboard > onboard.out");
    out.println("  curl --data-binary @onboard.out " + c.hostUrl() + "/receiveKey");
    out.println("Then the same key from A and " + c.name() + " (guest sockets, apps in the VM):");
    for (LocalDemo.Instance i : List.of(a, c)) {
      out.println(
          "  curl -s --unix-socket "
              + i.guestSocket()
              + " -H 'Content-Type: application/json' -d '{\"path\":\""
              + LocalDemo.KEY_PATH
              + "\",\"purpose\":\""
              + LocalDemo.KEY_PURPOSE
              + "\"}' http://localhost/getkey");
    }
    out.println("Running until Ctrl-C or SIGTERM.");
  }

  /** The anvil binary: {@code --anvil}, else the system property, else the environment. */
  private Path anvilBinary() {
    if (anvil != null) {
      return anvil;
    }
    String p = System.getProperty(PROPERTY_ANVIL);
    if (p == null || p.isBlank()) {
      p = CliEnvironment.get().get(ENV_ANVIL);
    }
    return p == null || p.isBlank() ? null : Path.of(p);
  }

  /** The message for a missing anvil (exit 2). */
  static String anvilMissing(Path tried) {
    return "anvil not found"
        + (tried == null ? "" : " at " + tried)
        + ": the demo runs a local chain with it. From a checkout, ./replicatoor finds"
        + " contracts/node_modules/.bin/anvil, which `./mvnw -DskipTests package` installs (npm ci"
        + " in contracts/); otherwise pass --anvil PATH or set "
        + ENV_ANVIL;
  }

  /** The message for a taken port (exit 2). */
  static String portInUse(int port) {
    return "port "
        + port
        + " on "
        + LocalDemo.LOOPBACK
        + " is in use (another demo or replicatoor serve?): stop it, or choose other ports with"
        + " --port N (the instances use N, N+1, ...; --port 0 picks free ones)";
  }
}
