package io.replicatoor.cli;

import io.replicatoor.sim.Simulation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replicatoor simulate}: a dstack-compatible guest agent with a development PKI, for tests
 * and local development only (docs/simulator.md).
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a simulated dstack guest agent (GetQuote, GetKey, Info, Version and the legacy",
      "Tappd API) whose quotes are signed by a development PKI kept in --state.",
      "DEVELOPMENT ONLY: its quotes verify only with --trust-root STATE/pki/root.pem."
    })
public final class SimulateCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  static final class Endpoint {
    @Option(names = "--socket", paramLabel = "PATH", description = "Unix socket to serve on.")
    Path socket;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "TCP endpoint to serve on.")
    String listen;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Endpoint endpoint;

  @Option(
      names = "--compose",
      required = true,
      paramLabel = "FILE",
      description = "app-compose.json of the simulated app (its exact bytes are measured).")
  Path compose;

  @Option(
      names = "--state",
      paramLabel = "DIR",
      defaultValue = ".replicatoor/sim",
      description = "State folder for the dev PKI and collateral (default: ${DEFAULT-VALUE}).")
  Path state;

  @Option(
      names = "--legacy-socket",
      paramLabel = "PATH",
      description = "Separate Unix socket for the legacy Tappd API (default: served on --socket).")
  Path legacySocket;

  @Option(
      names = "--image",
      paramLabel = "IMAGE.json",
      description = "MRTD, RTMR0-2 (and optionally boot events) of the simulated OS image.")
  Path image;

  @Option(
      names = "--app-id",
      paramLabel = "HEX",
      description = "20-byte app id (default: the first 20 bytes of the compose hash).")
  String appId;

  @Option(names = "--json", description = "Print the start-up information as one JSON object.")
  boolean json;

  /** Counted down by the shutdown hook (SIGTERM, Ctrl-C). */
  private final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    Simulation.Options o =
        new Simulation.Options(
            state, compose, image, appId, endpoint.socket, endpoint.listen, legacySocket);
    Simulation sim = Simulation.start(o, Clock.systemUTC(), new SecureRandom());
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                closed.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "replicatoor-simulate-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      print(sim.info());
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sim.close();
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
    return 0;
  }

  private void print(Simulation.Info i) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("endpoints", i.endpoints());
      m.put("state", i.state().toString());
      m.put("trust_root", i.trustRoot().toString());
      m.put("collateral", i.collateral().toString());
      m.put("collateral_valid_until", i.collateralValidUntil().toString());
      m.put("app_id", i.appId());
      m.put("instance_id", i.instanceId());
      m.put("compose_hash", i.composeHash());
      m.put("rtmr3", i.rtmr3());
      out.println(JsonOutput.write(m));
    } else {
      out.println(
          "replicatoor simulator -- DEVELOPMENT ONLY: quotes verify only against the dev"
              + " root below");
      for (String e : i.endpoints()) {
        out.println("  endpoint:     " + e);
      }
      out.println("  state:        " + i.state());
      out.println("  trust root:   " + i.trustRoot() + "   (verify-quote --trust-root ...)");
      out.println(
          "  collateral:   "
              + i.collateral()
              + "   (valid until "
              + i.collateralValidUntil()
              + ")");
      out.println("  app id:       " + i.appId());
      out.println("  instance id:  " + i.instanceId());
      out.println("  compose hash: " + i.composeHash());
      out.println("  rtmr3:        " + i.rtmr3());
      out.println("Serving until SIGTERM or Ctrl-C.");
    }
    out.flush();
  }
}
