package io.replicatoor.server;

import static io.replicatoor.server.Http.get;
import static io.replicatoor.server.Http.json;
import static io.replicatoor.server.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.embed.EmbeddedReplicatoor;
import io.replicatoor.embed.testing.DevNetwork;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /status} and {@code /metrics} over real HTTP with the real adapters (simulator agents,
 * a real anvil with {@code UpgradeOperator}): a proposed measurement is listed as pending with its
 * activation time during the timelock, and leaves the list once active.
 */
class StatusEndToEndTest {
  @TempDir Path tmp;

  private static String url(ReplicatoorServer s, String path) {
    return "http://127.0.0.1:" + s.port() + path;
  }

  private static ReplicatoorServer serve(EmbeddedReplicatoor r) {
    ServerConfig c =
        TestNet.config()
            .withTimes(
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofMillis(200));
    return ReplicatoorServer.start(
        r.core(),
        new HostSettings(c.apiKeyNames()),
        c,
        new JsonLog(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()));
  }

  /** Polls {@code /status} (the server refreshes on its timer) until {@code done} holds. */
  private static JsonNode statusUntil(ReplicatoorServer s, Predicate<JsonNode> done)
      throws InterruptedException {
    JsonNode st = null;
    for (int i = 0; i < 150; i++) {
      st = json(get(url(s, "/status")));
      if (done.test(st)) {
        return st;
      }
      Thread.sleep(100);
    }
    return st;
  }

  @Test
  void proposedMeasurementIsPendingWithItsActivationTime_thenLeavesTheListOnceActive()
      throws Exception {
    try (DevNetwork dev = DevNetwork.start(tmp)) {
      EmbeddedReplicatoor ea = dev.instance("v1", "a", true).start();
      ReplicatoorServer a = serve(ea);
      try {
        HttpResponse<String> gen = post(url(a, "/genesis"), null, new byte[0]);
        assertThat(gen.statusCode()).as(gen.body()).isEqualTo(200);
        dev.registerState(GenesisEvidence.parse(gen.body().getBytes(StandardCharsets.UTF_8)));
        JsonNode sa = statusUntil(a, st -> st.path("phase").asText().equals("SERVING"));
        assertThat(sa.path("phase").asText()).isEqualTo("SERVING");
        assertThat(sa.path("ownApproval").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(sa.path("chain").path("chainId").asLong()).isEqualTo(31337);
        assertThat(sa.path("chain").path("contract").asText())
            .isEqualToIgnoringCase(dev.deployment().contract().toPrefixedHex());
        assertThat(sa.path("chain").path("blockHash").asText()).startsWith("0x").hasSize(66);
        assertThat(sa.path("pendingUpgrades").path("truncated").asBoolean(true)).isFalse();

        // The owner proposes v2 (the builder proposes a version the first time it is seen).
        EmbeddedReplicatoor eb = dev.instance("v2", "b", false).start();
        String v2 = eb.core().status().measurementId();
        long proposedAt = chainTime(sa); // the block before the proposal
        JsonNode pending =
            statusUntil(a, st -> st.path("pendingUpgrades").path("upgrades").size() == 1);
        JsonNode up = pending.path("pendingUpgrades").path("upgrades").get(0);
        assertThat(up).as(pending.toString()).isNotNull();
        assertThat(up.path("measurementId").asText()).isEqualTo(v2);
        long activeAt = up.path("activeAt").asLong();
        assertThat(activeAt)
            .isGreaterThan(pending.path("chain").path("blockTimestamp").asLong())
            .isGreaterThanOrEqualTo(proposedAt + DevNetwork.DELAY);
        String metrics = get(url(a, "/metrics")).body();
        assertThat(metrics).contains("replicatoor_pending_upgrades 1\n");
        assertThat(metrics).contains("replicatoor_next_upgrade_active_at_seconds " + activeAt);

        // Past the timelock it is active: no longer pending.
        dev.advance(DevNetwork.DELAY + 60);
        JsonNode after =
            statusUntil(
                a,
                st ->
                    st.path("chain").path("blockTimestamp").asLong() >= activeAt
                        && st.path("pendingUpgrades").path("upgrades").isEmpty());
        assertThat(after.path("pendingUpgrades").path("upgrades").isEmpty())
            .as(after.toString())
            .isTrue();
        assertThat(get(url(a, "/metrics")).body()).contains("replicatoor_pending_upgrades 0\n");
      } finally {
        a.stop();
      }
    }
  }

  private static long chainTime(JsonNode status) {
    return status.path("chain").path("blockTimestamp").asLong();
  }
}
