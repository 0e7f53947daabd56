package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.port.SealedState;
import io.replicatoor.core.state.ReplicatedState;
import io.replicatoor.core.state.SealedStateCodec;
import java.security.SecureRandom;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/** Issue 13: sealing is opt-in, says what it trusts, and re-checks the own measurement. */
class SealingTest {
  private final Net net = new Net();

  private static void assertCode(ThrowableAssert.ThrowingCallable c, ErrorCode code) {
    assertThatThrownBy(c)
        .isInstanceOfSatisfying(
            ReplicatoorException.class, e -> assertThat(e.errorCode()).isEqualTo(code));
  }

  private Net.Node sealedNode(String name) {
    Net.Node n = net.node(name, Net.GOOD);
    n.config = Net.CONFIG.withSealing(SealingMode.KMS);
    return n;
  }

  /** A started sealing instance whose genesis state is registered on chain (still a candidate). */
  private Net.Node registeredCandidate(String name) throws ReplicatoorException {
    Net.Node n = sealedNode(name);
    n.start();
    net.chain.register(n.r.genesis().fingerprint());
    return n;
  }

  /** A sealing instance serving the registered genesis state it created (and sealed). */
  private Net.Node sealedServing(String name) throws ReplicatoorException {
    Net.Node n = registeredCandidate(name);
    n.r.refresh();
    return n;
  }

  /** A restarted instance on the same host volume and KMS. */
  private Net.Node restart(Net.Node old) {
    Net.Node n = sealedNode("restarted");
    n.store.put(old.store.load().orElseThrow());
    n.kms = old.kms;
    return n;
  }

  @Test
  void sealingOff_nothingWrittenToHostVolume_andStatusSaysMemoryOnly() throws Exception {
    Net.Node a = net.serving("a");
    Net.Node b = net.started("b", Net.GOOD);
    b.r.receiveKey(a.r.onboard(b.r.requestKey().encode()).encode());
    b.r.deriveKey("p", "q", "secp256k1");
    assertThat(a.store.writes()).isEmpty();
    assertThat(b.store.writes()).isEmpty();
    assertThat(a.store.load()).isEmpty();
    assertThat(b.r.status().sealing()).isEqualTo(SealingMode.OFF);
    assertThat(b.r.status().sealingTrust()).isEmpty();
  }

  @Test
  void sealingOn_roundTripAcrossRestart_sameKeys_noPlaintextOnDisk() throws Exception {
    Net.Node g = sealedNode("g");
    g.start();
    assertThat(g.r.status().sealingTrust()).contains("dstack KMS").contains("DstackApp");
    net.chain.register(g.r.genesis().fingerprint());
    assertThat(g.store.writes()).as("a candidate is never sealed").isEmpty();
    g.r.refresh();
    assertThat(g.store.writes()).hasSize(1);
    byte[] k1 = g.r.deriveKey("p", "q", "raw").key().reveal(SecretAccess.insecure());
    Net.Node again = restart(g);
    again.start();
    assertThat(again.r.status().phase().name()).isEqualTo("SERVING");
    assertThat(again.r.deriveKey("p", "q", "raw").key().reveal(SecretAccess.insecure()))
        .isEqualTo(k1);
    // The blob holds no plaintext key material.
    String blobHex = Hex.encode(g.store.writes().get(0));
    assertThat(blobHex).doesNotContain(Hex.encode(k1));
  }

  @Test
  void diskFullWhilePromotingACandidate_staysCandidate_thenSealsWhenSpaceReturns()
      throws Exception {
    Net.Node g = registeredCandidate("g");
    g.store.failWrites(true);
    assertCode(() -> g.r.refresh(), ErrorCode.STATE_STORE_UNAVAILABLE);
    assertThat(g.r.status().phase().name()).isEqualTo("CANDIDATE");
    assertThat(g.store.load()).isEmpty();
    assertCode(() -> g.r.deriveKey("p", "q", "raw"), ErrorCode.NOT_SERVING);
    g.store.failWrites(false);
    g.r.refresh();
    assertThat(g.r.status().phase().name()).isEqualTo("SERVING");
    assertThat(g.store.writes()).hasSize(1);
  }

  @Test
  void receivedState_isSealed_andResumes() throws Exception {
    Net.Node a = net.serving("a");
    Net.Node b = sealedNode("b");
    b.start();
    b.r.receiveKey(a.r.onboard(b.r.requestKey().encode()).encode());
    assertThat(b.store.writes()).hasSize(1);
    Net.Node again = restart(b);
    again.start();
    assertThat(again.r.status().fingerprint()).isEqualTo(a.r.status().fingerprint());
  }

  @Test
  void tamperedOrSwappedBlob_refusedAtStart_neverHalfLoaded() throws Exception {
    Net.Node g = sealedServing("g");
    byte[] blob = g.store.load().orElseThrow().toByteArray();
    for (int i : new int[] {0, 4, 5, 37, 45, 60, blob.length - 1}) {
      Net.Node t = restart(g);
      byte[] b = blob.clone();
      b[i] ^= 1;
      t.store.put(SealedState.of(b));
      assertCode(t::start, ErrorCode.SEALED_STATE_INVALID);
      assertThat(t.r).isNull();
    }
    Net.Node otherApp = restart(g);
    otherApp.kms = Net.kms("another-app");
    assertCode(otherApp::start, ErrorCode.SEALED_STATE_INVALID);
  }

  @Test
  void unregisteredSealedState_refusedAtStart() throws Exception {
    registeredCandidate("g");
    Net.Node other = sealedNode("other");
    ReplicatedState foreign = ReplicatedState.generate(new SecureRandom());
    other.store.put(
        SealedStateCodec.seal(
            foreign, other.kms.kmsKey(SealedStateCodec.KMS_PATH, SealedStateCodec.KMS_PURPOSE)));
    assertCode(other::start, ErrorCode.STATE_FINGERPRINT_MISMATCH);
  }

  @Test
  void revokedMeasurementAfterRestart_refusesToStart_andWipesBlob() throws Exception {
    Net.Node g = sealedServing("g");
    net.tick(Duration.ofMinutes(5));
    net.chain.revoke(Net.GOOD);
    Net.Node again = restart(g);
    assertCode(again::start, ErrorCode.MEASUREMENT_REVOKED);
    assertThat(again.store.load()).isEmpty();
  }

  @Test
  void kmsSealing_withoutStoreOrKeySource_isAConfigurationError() {
    assertThatThrownBy(() ->
            Replicatoor.builder()
                .config(Net.CONFIG.withSealing(SealingMode.KMS))
                .selfAttestation(net.tee.agent(Net.GOOD, "x"))
                .peerVerifier(net.tee.verifier())
                .approvals(net.chain.reader())
                .clock(net.clock)
                .random(new SecureRandom())
                .start())
        .isInstanceOf(IllegalStateException.class);
  }
}
