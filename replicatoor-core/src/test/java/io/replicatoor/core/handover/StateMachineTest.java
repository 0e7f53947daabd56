package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.port.ReportData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Table of (instance state, route) → outcome, plus the replay cache and message strictness. */
class StateMachineTest {
  private final Net net = new Net();

  private static void assertCode(ThrowingCallable c, ErrorCode code) {
    assertThatThrownBy(c)
        .isInstanceOfSatisfying(
            ReplicatoorException.class, e -> assertThat(e.errorCode()).isEqualTo(code));
  }

  @Test
  void routesRefusedInTheWrongState() throws Exception {
    Net.Node a = net.serving("a");
    Net.Node fresh = net.started("fresh", Net.GOOD);
    byte[] join = fresh.r.requestKey().encode();
    Net.Node none = net.started("none", Net.GOOD);
    // NO_STATE
    assertCode(() -> none.r.onboard(join), ErrorCode.NOT_CONFIGURED);
    assertCode(() -> none.r.deriveKey("p", "q", "raw"), ErrorCode.NOT_CONFIGURED);
    assertCode(() -> none.r.receiveKey(new byte[0]), ErrorCode.HANDSHAKE_UNEXPECTED_MESSAGE);
    // JOINING
    assertCode(() -> fresh.r.onboard(join), ErrorCode.NOT_CONFIGURED);
    assertCode(() -> fresh.r.deriveKey("p", "q", "raw"), ErrorCode.NOT_CONFIGURED);
    assertCode(
        () -> fresh.r.receiveKey("{}".getBytes(StandardCharsets.UTF_8)),
        ErrorCode.MESSAGE_MALFORMED);
    // SERVING
    assertCode(() -> a.r.requestKey(), ErrorCode.ALREADY_CONFIGURED);
    assertCode(() -> a.r.genesis(), ErrorCode.ALREADY_CONFIGURED);
    assertCode(() -> a.r.receiveKey(new byte[0]), ErrorCode.ALREADY_CONFIGURED);
    assertCode(
        () -> a.r.onboard("{".getBytes(StandardCharsets.UTF_8)), ErrorCode.MESSAGE_MALFORMED);
    assertThat(a.r.status().phase().name()).isEqualTo("SERVING");
  }

  @Test
  void secondRequestKey_replacesTheOpenJoin() throws Exception {
    Net.Handover h = net.handover();
    Net.Node a = h.a();
    Net.Node b = h.b();
    TransferBundle first = a.r.onboard(h.join().encode());
    JoinRequest second = b.r.requestKey();
    assertCode(() -> b.r.receiveKey(first.encode()), ErrorCode.BINDING_MISMATCH);
    b.r.receiveKey(a.r.onboard(second.encode()).encode());
  }

  @Test
  void unknownVersionOrExtraField_refused() throws Exception {
    Net.Node b = net.started("b", Net.GOOD);
    String json = new String(b.r.requestKey().encode(), StandardCharsets.UTF_8);
    assertCode(
        () ->
            JoinRequest.parse(
                json.replace("\"version\":1", "\"version\":2").getBytes(StandardCharsets.UTF_8)),
        ErrorCode.PROTOCOL_VERSION_UNSUPPORTED);
    assertCode(
        () ->
            JoinRequest.parse(
                json.replace("{\"version\":1", "{\"version\":1,\"extra\":0")
                    .getBytes(StandardCharsets.UTF_8)),
        ErrorCode.MESSAGE_MALFORMED);
    assertCode(
        () ->
            JoinRequest.parse(
                json.replace("{\"version\":1", "{\"version\":1,\"version\":1")
                    .getBytes(StandardCharsets.UTF_8)),
        ErrorCode.MESSAGE_MALFORMED);
    assertCode(
        () -> JoinRequest.parse((json + " {}").getBytes(StandardCharsets.UTF_8)),
        ErrorCode.MESSAGE_MALFORMED);
  }

  @Test
  void replayCache_forgetsOnlyAfterExpiry_andIsBounded() throws Exception {
    JoinReplayCache c = new JoinReplayCache(2);
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    ReportData j1 = ReportData.of(new byte[64]);
    byte[] b2 = new byte[64];
    b2[0] = 1;
    byte[] b3 = new byte[64];
    b3[0] = 2;
    c.consume(j1, t.plusSeconds(60), t);
    assertCode(() -> c.consume(j1, t.plusSeconds(60), t.plusSeconds(60)), ErrorCode.JOIN_REPLAYED);
    c.consume(ReportData.of(b2), t.plusSeconds(120), t);
    assertCode(
        () -> c.consume(ReportData.of(b3), t.plusSeconds(120), t.plusSeconds(30)),
        ErrorCode.JOIN_CACHE_FULL);
    c.consume(ReportData.of(b3), t.plusSeconds(120), t.plusSeconds(61));
    assertThat(c.size()).isEqualTo(2);
  }

  @Test
  void config_rangesEnforced() {
    assertThatThrownBy(() -> Net.CONFIG.withMaxJoinAge(Duration.ofSeconds(29)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Net.CONFIG.withMaxJoinAge(Duration.ofMinutes(61)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HandoverConfig.of(0, Net.CONTRACT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyRefusalCode_isAnHttpErrorWithoutSecrets() throws Exception {
    Net.Handover h = net.handover();
    byte[] join = h.join().encode();
    h.a().r.onboard(join);
    assertThatThrownBy(() -> h.a().r.onboard(join))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> {
              assertThat(e.errorCode().httpStatus()).isBetween(400, 599);
              assertThat(e.getStackTrace()).isEmpty();
            });
  }
}
