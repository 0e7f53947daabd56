package io.replicatoor.cli;

import io.replicatoor.sim.Simulation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      "Serves a simulated dstack guest agent for development and tests.",
      "It answers GetQuote, GetKey, Info, Version and the legacy Tappd API; its quotes are signed"
          + " by a development PKI kept in --state.",
      "DEVELOPMENT ONLY: its quotes verify only with --trust-root STATE/pki/root.pem.",
      "A file at --socket is replaced only when it is a stale Unix socket; the socket's folder"
          + " must exist unless it lies inside --state.",
      "Exit 0: stopped by SIGTERM or Ctrl-C; 2: usage or unusable input file or socket."
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

  @Mixin JsonOption json;

  /** Counted down by the shutdown hook (SIGTERM, Ctrl-C). */
  private final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    CliFiles.requireFile(compose, "--compose");
    if (image != null) {
      CliFiles.requireFile(image, "--image");
    }
    CliFiles.requireDirectoryOrAbsent(state, "--state");
    checkSocket(endpoint.socket, "--socket");
    checkSocket(legacySocket, "--legacy-socket");
    Simulation.Options o =
        new Simulation.Options(
            state, compose, image, appId, endpoint.socket, endpoint.listen, legacySocket);
    CountDownLatch closed = new CountDownLatch(1);
    PrintWriter out = spec.commandLine().getOut();
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                closed.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              out.flush();
              // A requested stop is a clean exit (docs/cli.md), not the JVM's 128+signal.
              Runtime.getRuntime().halt(0);
            },
            "replicatoor-simulate-shutdown");
    Runtime.getRuntime().addShutdownHook(hook); // before binding: a stop is clean at any time
    Simulation sim = null;
    try {
      try {
        sim = Simulation.start(o, Clock.systemUTC(), new SecureRandom());
      } catch (FileSystemException e) {
        throw new UsageException(
            "cannot use " + e.getFile() + (e.getReason() == null ? "" : ": " + e.getReason()), e);
      }
      print(sim.info());
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (sim != null) {
        sim.close();
      }
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
    return 0;
  }

  /**
   * Refuses a socket path that exists and is not a Unix socket (the simulator replaces only a stale
   * socket) and a socket whose folder is missing outside {@code --state}.
   */
  private void checkSocket(Path socket, String option) throws IOException {
    if (socket == null) {
      return;
    }
    if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && !isSocket(socket)) {
      throw new UsageException(
          option + " " + socket + " exists and is not a Unix socket; refusing to replace it");
    }
    Path parent = socket.toAbsolutePath().normalize().getParent();
    if (parent != null
        && !Files.isDirectory(parent)
        && !parent.startsWith(state.toAbsolutePath().normalize())) {
      throw new UsageException(option + " " + socket + ": folder " + parent + " does not exist");
    }
  }

  private static boolean isSocket(Path p) throws IOException {
    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return (mode & S_IFMT) == S_IFSOCK;
  }

  /** File-type bits of a POSIX mode and the value for a socket ({@code sys/stat.h}). */
  private static final int S_IFMT = 0170000;

  private static final int S_IFSOCK = 0140000;

  private void print(Simulation.Info i) {
    PrintWriter out = spec.commandLine().getOut();
    if (json.requested()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("endpoints", i.endpoints());
      m.put("state", i.state().toString());
      m.put("trustRoot", i.trustRoot().toString());
      m.put("collateral", i.collateral().toString());
      m.put("collateralValidUntil", i.collateralValidUntil().toString());
      m.put("appId", CliHex.of(i.appId()));
      m.put("instanceId", CliHex.of(i.instanceId()));
      m.put("composeHash", CliHex.of(i.composeHash()));
      m.put("rtmr3", CliHex.of(i.rtmr3()));
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
      out.println("  app id:       " + CliHex.of(i.appId()));
      out.println("  instance id:  " + CliHex.of(i.instanceId()));
      out.println("  compose hash: " + CliHex.of(i.composeHash()));
      out.println("  rtmr3:        " + CliHex.of(i.rtmr3()));
      out.println("Serving until SIGTERM or Ctrl-C.");
    }
    out.flush();
  }
}
