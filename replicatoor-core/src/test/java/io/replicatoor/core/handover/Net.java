package io.replicatoor.core.handover;

import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.PeerVerifier;
import io.replicatoor.core.port.SealingKeySource;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.core.testing.FakeChain;
import io.replicatoor.core.testing.FakeStore;
import io.replicatoor.core.testing.FakeTee;
import io.replicatoor.core.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/**
 * A test network: one chain, one platform, a clock, and instances built over fakes of the ports.
 */
final class Net {
  static final EthereumAddress CONTRACT =
      EthereumAddress.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  static final HandoverConfig CONFIG = HandoverConfig.of(31337, CONTRACT);
  static final MeasurementId GOOD = FakeTee.measurement("good");
  static final MeasurementId OTHER = FakeTee.measurement("other");

  final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  final FakeChain chain = new FakeChain(clock);
  final FakeTee tee = new FakeTee("intel");

  Net() {
    chain.approve(GOOD);
  }

  /** Moves time forward and mines a block. */
  void tick(Duration d) {
    clock.advance(d);
    chain.mine();
  }

  /** The ports of one instance, adjustable before {@link #start}. */
  final class Node {
    FakeTee.Agent agent;
    PeerVerifier verifier = tee.verifier();
    final FakeChain.Reader reader = chain.reader();
    final FakeStore store = new FakeStore();
    SealingKeySource kms = kms("app");
    HandoverConfig config = CONFIG;
    Replicatoor r;

    Node(String name, MeasurementId m) {
      agent = tee.agent(m, name);
    }

    Replicatoor start() throws ReplicatoorException {
      r =
          Replicatoor.builder()
              .config(config)
              .selfAttestation(agent)
              .peerVerifier(verifier)
              .approvals(reader)
              .stateStore(store)
              .sealingKeys(kms)
              .clock(clock)
              .random(new SecureRandom())
              .start();
      return r;
    }
  }

  Node node(String name, MeasurementId m) {
    return new Node(name, m);
  }

  /** A started instance running {@code m}, without state. */
  Node started(String name, MeasurementId m) throws ReplicatoorException {
    Node n = node(name, m);
    n.start();
    return n;
  }

  /** A started instance holding the registered genesis state. */
  Node serving(String name) throws ReplicatoorException {
    Node n = started(name, GOOD);
    GenesisEvidence g = n.r.genesis();
    chain.register(g.fingerprint());
    tick(Duration.ofSeconds(12));
    n.r.refresh();
    return n;
  }

  /** The usual two parties of a hand-over, see {@link #handover}. */
  record Handover(Node a, Node b, JoinRequest join) {}

  /** "a" serving the registered state and "b" running {@link #GOOD} with an open join. */
  Handover handover() throws ReplicatoorException {
    Node a = serving("a");
    Node b = started("b", GOOD);
    return new Handover(a, b, b.r.requestKey());
  }

  /** A KMS key source for an app (different apps get different keys). */
  static SealingKeySource kms(String app) {
    return (path, purpose) -> {
      try {
        return SecretBytes.copyOf(
            MessageDigest.getInstance("SHA-256")
                .digest((app + "|" + path + "|" + purpose).getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
