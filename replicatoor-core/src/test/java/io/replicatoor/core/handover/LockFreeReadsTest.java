package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.core.testing.GatedReader;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Replicatoor#status()} and {@link Replicatoor#deriveKey} take no lock: they answer while a
 * locked route (here a refresh stuck in a chain read) is in progress, from the view and state
 * published by the last route that ended.
 */
class LockFreeReadsTest {
  private final Net net = new Net();

  private Replicatoor servingOver(GatedReader reader) throws ReplicatoorException {
    Replicatoor r =
        Replicatoor.builder()
            .config(Net.CONFIG)
            .selfAttestation(net.tee.agent(Net.GOOD, "a"))
            .peerVerifier(net.tee.verifier())
            .approvals(reader)
            .clock(net.clock)
            .random(new SecureRandom())
            .start();
    GenesisEvidence g = r.genesis();
    net.chain.register(g.fingerprint());
    net.tick(Duration.ofSeconds(12));
    r.refresh();
    return r;
  }

  @Test
  void statusAndDeriveKey_answerWhileARefreshHoldsTheLock() throws Exception {
    GatedReader reader = new GatedReader(net.chain.reader(), GatedReader.Gated.READ);
    Replicatoor r = servingOver(reader);
    byte[] before = r.deriveKey("w", "signing", "secp256k1").key().reveal(SecretAccess.insecure());
    StatusView published = r.status();

    reader.armed = true;
    // Own threads: the common pool may have a single thread on a small machine.
    ExecutorService pool = Executors.newCachedThreadPool();
    CompletableFuture<StatusView> refresh =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return r.refresh();
              } catch (ReplicatoorException e) {
                throw new IllegalStateException(e);
              }
            },
            pool);
    assertThat(reader.entered.await(10, TimeUnit.SECONDS)).isTrue();
    try {
      CompletableFuture<DerivedKey> key =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return r.deriveKey("w", "signing", "secp256k1");
                } catch (ReplicatoorException e) {
                  throw new IllegalStateException(e);
                }
              },
              pool);
      CompletableFuture<StatusView> status = CompletableFuture.supplyAsync(r::status, pool);

      assertThat(key.get(10, TimeUnit.SECONDS).key().reveal(SecretAccess.insecure()))
          .isEqualTo(before);
      assertThat(status.get(10, TimeUnit.SECONDS)).isSameAs(published);
      assertThat(refresh).isNotDone();
    } finally {
      reader.release.countDown();
    }
    assertThat(refresh.get(10, TimeUnit.SECONDS)).isSameAs(r.status()).isNotSameAs(published);
    pool.shutdown();
  }

  @Test
  void status_sameInstanceUntilARouteEnds_alsoWhenTheRouteFails() throws Exception {
    Net.Node a = net.serving("a");
    StatusView s = a.r.status();

    assertThat(a.r.status()).isSameAs(s);
    a.r.deriveKey("w", "signing", "raw");
    assertThat(a.r.status()).isSameAs(s);

    assertThatThrownBy(() -> a.r.requestKey())
        .isInstanceOf(ReplicatoorException.class)
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.ALREADY_CONFIGURED);
    StatusView afterFailure = a.r.status();
    assertThat(afterFailure).isNotSameAs(s);
    assertThat(afterFailure.phase()).isEqualTo(Phase.SERVING);

    StatusView refreshed = a.r.refresh();
    assertThat(a.r.status()).isSameAs(refreshed).isNotSameAs(afterFailure);
  }

  @Test
  void halt_publishedAtOnce_andDeriveKeyRefusedAfterwards() throws Exception {
    Net.Node a = net.serving("a");
    a.r.deriveKey("w", "signing", "secp256k1");
    net.chain.revoke(Net.GOOD);
    net.tick(Duration.ofSeconds(12));

    assertThatThrownBy(() -> a.r.refresh())
        .isInstanceOf(ReplicatoorException.class)
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.MEASUREMENT_REVOKED);

    assertThat(a.r.status().phase()).isEqualTo(Phase.HALTED);
    assertThatThrownBy(() -> a.r.deriveKey("w", "signing", "secp256k1"))
        .isInstanceOf(ReplicatoorException.class)
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.MEASUREMENT_REVOKED);
  }
}
