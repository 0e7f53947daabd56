package io.replicatoor.attest.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;

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

  static GuestAgentSimulator.Setup setUp(Path state) throws IOException, GeneralSecurityException {
    return GuestAgentSimulator.setUp(
        state, COMPOSE, null, ImageConfig.defaults(), NOW, new SecureRandom());
  }
}
