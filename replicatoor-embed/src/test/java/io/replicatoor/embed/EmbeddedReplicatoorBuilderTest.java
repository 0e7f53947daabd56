package io.replicatoor.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.attest.handover.CollateralSource;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.handover.Phase;
import io.replicatoor.sim.SimAgent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder's defaults: the pinned Intel root (a simulator instance refuses to start without the
 * explicit insecure dev root), required options named, and the insecure mode visible.
 */
class EmbeddedReplicatoorBuilderTest {
  static final String CONTRACT = "5fbdb2315678afecb367f032d93f642f64180aa3";
  static final String CODE_HASH = "11".repeat(32);

  @TempDir static Path dir;
  static SimAgent sim;

  @BeforeAll
  static void serve() throws Exception {
    sim = SimAgent.start(dir.resolve("pki"), dir, "builder-test", null, Instant.now());
  }

  @AfterAll
  static void stop() throws Exception {
    sim.close();
  }

  private EmbeddedReplicatoor.Builder base() {
    return EmbeddedReplicatoor.builder()
        .agentSocket(sim.socket())
        .chain(31337, List.of(URI.create("http://127.0.0.1:9")), 1)
        .contract(CONTRACT, CODE_HASH)
        .dataDir(dir.resolve("data"))
        .collateral(CollateralSource.directory(sim.collateral()))
        .bindOsImageHash(false);
  }

  @Test
  void byDefaultOnlyIntelsRootIsTrustedSoASimulatedInstanceRefusesToStart() {
    assertThatThrownBy(() -> base().start())
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TRUST_ANCHOR_MISMATCH));
  }

  @Test
  void theDevRootIsExplicitAndVisible() throws Exception {
    EmbeddedReplicatoor r = base().insecureDevTrustRoot(sim.devTrustRoot()).start();
    assertThat(r.insecureTrustRoot()).isTrue();
    assertThat(r.toString()).contains("INSECURE");
    assertThat(r.status().phase()).isEqualTo(Phase.NO_STATE);
    assertThat(r.status().measurementId()).contains(sim.measurement(false).measurementId().toHex());
  }

  @Test
  void requiredOptionsAreNamed() {
    assertThatThrownBy(() -> EmbeddedReplicatoor.builder().start())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("agentSocket");
    assertThatThrownBy(() -> EmbeddedReplicatoor.builder().agentSocket(sim.socket()).start())
        .hasMessage("chain");
    assertThatThrownBy(() ->
            EmbeddedReplicatoor.builder()
                .agentSocket(sim.socket())
                .chain(31337, List.of(URI.create("http://127.0.0.1:9")), 1)
                .start())
        .hasMessage("contract");
    assertThatThrownBy(() -> base().dataDir(dir).contract("zz", CODE_HASH))
        .isInstanceOf(RuntimeException.class);
  }
}
