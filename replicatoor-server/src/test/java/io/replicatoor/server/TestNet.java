package io.replicatoor.server;

import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.handover.HandoverConfig;
import io.replicatoor.core.handover.Replicatoor;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.ApprovalReader;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.core.testing.FakeChain;
import io.replicatoor.core.testing.FakeTee;
import io.replicatoor.core.time.MutableClock;
import io.replicatoor.server.testing.ServedInstances;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Instances behind the HTTP shell for these tests: core's {@link Replicatoor} over core's test
 * fakes of the ports (FakeTee, FakeChain), so the tests exercise the real HTTP server and the real
 * protocol code; the real adapters (agent, DCAP, anvil) are tested end to end elsewhere.
 */
final class TestNet implements AutoCloseable {
  static final EthereumAddress CONTRACT =
      EthereumAddress.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  static final MeasurementId GOOD = FakeTee.measurement("good");

  final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  final FakeChain chain = new FakeChain(clock);
  final FakeTee tee = new FakeTee("intel");
  private final List<Node> nodes = new ArrayList<>();

  TestNet() {
    chain.approve(GOOD);
  }

  /** One instance with its server on an ephemeral loopback port and a captured log. */
  static final class Node {
    final Replicatoor r;
    final HostSettings settings;
    final ReplicatoorServer server;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    Node(Replicatoor r, ServerConfig config, Clock clock) {
      this.r = r;
      this.settings = new HostSettings(config.apiKeyNames());
      this.server =
          ReplicatoorServer.start(
              r,
              settings,
              config,
              new JsonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), clock));
    }

    String url(String path) {
      return ServedInstances.url(server, path);
    }

    String log() {
      synchronized (logBytes) {
        return logBytes.toString(StandardCharsets.UTF_8);
      }
    }
  }

  Replicatoor instance(String name, ApprovalReader reader) throws ReplicatoorException {
    return instance(name, reader, new SecureRandom());
  }

  Replicatoor instance(String name, ApprovalReader reader, SecureRandom random)
      throws ReplicatoorException {
    return Replicatoor.builder()
        .config(HandoverConfig.of(31337, CONTRACT))
        .selfAttestation(tee.agent(GOOD, name))
        .peerVerifier(tee.verifier())
        .approvals(reader)
        .clock(clock)
        .random(random)
        .start();
  }

  /** A waiting instance (no state) behind a server. */
  Node waiting(String name) throws ReplicatoorException {
    return serve(instance(name, chain.reader()), ServedInstances.config());
  }

  /** An instance holding the registered genesis state behind a server. */
  Node serving(String name) throws ReplicatoorException {
    return serving(name, new SecureRandom());
  }

  /** An instance holding the registered genesis state, drawing randomness from {@code random}. */
  Node serving(String name, SecureRandom random) throws ReplicatoorException {
    return serve(genesis(name, random), ServedInstances.config());
  }

  /** An instance (no server) holding the genesis state, registered and mined on the chain. */
  Replicatoor genesis(String name, SecureRandom random) throws ReplicatoorException {
    Replicatoor r = instance(name, chain.reader(), random);
    GenesisEvidence g = r.genesis();
    chain.register(g.fingerprint());
    clock.advance(Duration.ofSeconds(12));
    chain.mine();
    r.refresh();
    return r;
  }

  Node serve(Replicatoor r, ServerConfig config) {
    Node n = new Node(r, config, clock);
    nodes.add(n);
    return n;
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      n.server.stop();
    }
  }
}
