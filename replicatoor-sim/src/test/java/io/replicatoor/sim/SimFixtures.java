package io.replicatoor.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Shared set-up for simulator tests: one state folder, one compose file, one instance. */
final class SimFixtures {
  private SimFixtures() {}

  /** A small compose file (exact bytes matter: compose-hash = SHA-256 of them). */
  static final byte[] COMPOSE =
      ("{\"manifest_version\":2,\"name\":\"replicatoor-sim-test\",\"runner\":\"docker-compose\","
              + "\"docker_compose_file\":\"services:\\n  app:\\n    image: busybox\\n\"}")
          .getBytes(StandardCharsets.UTF_8);

  /** The instant every test treats as "now". */
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  /** The simulators' clock: stopped at {@link #NOW}. */
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static GuestAgentSimulator.Setup setUp(Path state) throws IOException, GeneralSecurityException {
    return GuestAgentSimulator.setUp(
        state, COMPOSE, null, ImageConfig.defaults(), CLOCK, new SecureRandom());
  }

  /**
   * A set-up simulator served on {@code dstackSock} (current API), {@code tappdSock} (legacy API)
   * and an ephemeral loopback TCP port (both APIs, {@code server().boundAddresses().get(2)}).
   */
  record Served(
      GuestAgentSimulator.Setup setup, SimulatorServer server, Path dstackSock, Path tappdSock)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  /** Sets up a simulator under {@code dir/state} and serves it on real sockets in {@code dir}. */
  static Served serve(Path dir) throws IOException, GeneralSecurityException {
    GuestAgentSimulator.Setup setup = setUp(dir.resolve("state"));
    Path dstackSock = dir.resolve("dstack.sock");
    Path tappdSock = dir.resolve("tappd.sock");
    SimulatorServer server =
        SimulatorServer.start(
            setup.simulator(),
            List.of(
                SimulatorServer.Listener.unix(dstackSock, GuestAgentSimulator.Api.CURRENT),
                SimulatorServer.Listener.unix(tappdSock, GuestAgentSimulator.Api.LEGACY),
                SimulatorServer.Listener.tcp("127.0.0.1", 0, GuestAgentSimulator.Api.BOTH)));
    return new Served(setup, server, dstackSock, tappdSock);
  }
}
