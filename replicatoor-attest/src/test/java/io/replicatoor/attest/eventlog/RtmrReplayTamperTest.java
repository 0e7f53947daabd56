package io.replicatoor.attest.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.attest.measure.TdRegisters;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.crypto.Keccak256;
import io.replicatoor.testing.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RtmrReplayTamperTest {

  private static List<TdxEvent> events() throws ReplicatoorException {
    return new ArrayList<>(Fixtures.quoteReport().evidence().eventLog().events());
  }

  private static TdRegisters quote() throws ReplicatoorException {
    return Fixtures.quoteReport().quote();
  }

  private static int indexOf(List<TdxEvent> events, String name) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).imr() == 3 && events.get(i).event().equals(name)) {
        return i;
      }
    }
    throw new AssertionError(name);
  }

  private static Bytes flip(Bytes b, int index) {
    byte[] x = b.toByteArray();
    x[index] ^= 0x01;
    return Bytes.of(x);
  }

  private static ReplayResult replay(List<TdxEvent> events) throws ReplicatoorException {
    return RtmrReplay.replay(EventLog.of(events));
  }

  private static void assertCode(Executable action, ErrorCode code, String messagePart) {
    assertThatThrownBy(action::execute)
        .isInstanceOfSatisfying(
            ReplicatoorException.class, e -> assertThat(e.errorCode()).isEqualTo(code))
        .hasMessageContaining(messagePart);
  }

  /** Registers equal to a replay, so identity rules can be tested in isolation. */
  private static TdRegisters selfConsistent(ReplayResult r) {
    return new TdRegisters(
        Measurement48.ZERO, Measurement48.ZERO, r.rtmr0(), r.rtmr1(), r.rtmr2(), r.rtmr3());
  }

  @Test
  void replay_v1NameWithColonBeforeSystemReady_rejectedAsAmbiguous() throws Exception {
    // V1 hashes type ':' name ':' payload, so a payload byte ':' lets the log move the boundary:
    // "key-provider" + {"name":... re-splits as "key-provider:{\"name\"" + "kms",... with the
    // same digest (the quote still matches) while the identity event disappears or is renamed.
    List<TdxEvent> base = events();
    int i = indexOf(base, "key-provider");
    TdxEvent e = base.get(i);
    byte[] p = e.payload().toByteArray();
    int colon = 0;
    while (p[colon] != ':') {
      colon++;
    }
    String name = e.event() + ":" + new String(p, 0, colon, StandardCharsets.UTF_8);
    Bytes rest = Bytes.of(Arrays.copyOfRange(p, colon + 1, p.length));
    TdxEvent resplit = new TdxEvent(3, e.eventType(), e.digest(), name, rest, 1, Optional.empty());
    assertThat(resplit.toRuntimeEvent().digest()).isEqualTo(e.toRuntimeEvent().digest());
    List<TdxEvent> tampered = new ArrayList<>(base);
    tampered.set(i, resplit);
    assertCode(() -> replay(tampered), ErrorCode.EVENT_LOG_MALFORMED, "':' in a V1 event name");
  }

  @Test
  void replay_payloadByteFlippedInEachRuntimeEvent_rejected() throws Exception {
    List<TdxEvent> base = events();
    int checked = 0;
    for (int i = 0; i < base.size(); i++) {
      TdxEvent e = base.get(i);
      if (e.imr() != 3 || e.payload().isEmpty()) {
        continue;
      }
      // With logged digests: the inconsistency is caught at replay.
      List<TdxEvent> withDigest = new ArrayList<>(base);
      withDigest.set(i, e.withPayload(flip(e.payload(), 0)));
      assertCode(() -> replay(withDigest), ErrorCode.RTMR_MISMATCH, "event " + i + " (imr 3");
      // With stripped (empty) digests: the replay runs and RTMR3 differs from the quote.
      List<TdxEvent> stripped = new ArrayList<>();
      for (TdxEvent x : withDigest) {
        stripped.add(x.imr() == 3 ? x.withDigest(Bytes.empty()) : x);
      }
      ReplayResult r = replay(stripped);
      assertCode(() -> r.verifyAgainst(quote()), ErrorCode.RTMR_MISMATCH, "replayed RTMR3");
      checked++;
    }
    assertThat(checked).isEqualTo(5); // app-id, compose-hash, instance-id, key-provider, LIUM
  }

  @Test
  void replay_strippedDigestsUnmodified_stillMatchesQuote() throws Exception {
    List<TdxEvent> stripped = new ArrayList<>();
    for (TdxEvent x : events()) {
      stripped.add(x.imr() == 3 ? x.withDigest(Bytes.empty()) : x);
    }
    replay(stripped).verifyAgainst(quote());
  }

  enum Stage {
    REPLAY,
    VERIFY_QUOTE,
    VERIFY_SELF
  }

  @Test
  void replay_tamperTable_eachRejectedWithSpecificError() throws Exception {
    record Case(
        String name,
        UnaryOperator<List<TdxEvent>> edit,
        Stage stage,
        ErrorCode code,
        String message) {}
    List<TdxEvent> base = events();
    int compose = indexOf(base, "compose-hash");
    int ready = indexOf(base, "system-ready");
    int firstBoot = 0;
    int rtmr1Event = -1;
    for (int i = 0; i < base.size(); i++) {
      if (base.get(i).imr() == 1 && rtmr1Event < 0) {
        rtmr1Event = i;
      }
    }
    final int r1 = rtmr1Event;
    List<Case> cases =
        List.of(
            new Case(
                "runtime digest byte flipped",
                l -> set(l, compose, l.get(compose).withDigest(flip(l.get(compose).digest(), 47))),
                Stage.REPLAY,
                ErrorCode.RTMR_MISMATCH,
                "logged digest does not match"),
            new Case(
                "boot digest byte flipped (RTMR0)",
                l ->
                    set(
                        l,
                        firstBoot,
                        l.get(firstBoot).withDigest(flip(l.get(firstBoot).digest(), 0))),
                Stage.VERIFY_QUOTE,
                ErrorCode.RTMR_MISMATCH,
                "replayed RTMR0"),
            new Case(
                "boot event moved from imr 1 to imr 2",
                l -> set(l, r1, l.get(r1).withImr(2)),
                Stage.VERIFY_QUOTE,
                ErrorCode.RTMR_MISMATCH,
                "replayed RTMR1"),
            new Case(
                "runtime event moved from imr 3 to imr 2",
                l -> set(l, compose, l.get(compose).withImr(2)),
                Stage.REPLAY,
                ErrorCode.EVENT_LOG_MALFORMED,
                "runtime event type outside imr 3"),
            new Case(
                "imr 3 event with a non-runtime type",
                l -> set(l, compose, l.get(compose).withEventType(4)),
                Stage.REPLAY,
                ErrorCode.EVENT_LOG_MALFORMED,
                "is not the runtime type"),
            new Case(
                "boot digest truncated",
                l -> set(l, firstBoot, l.get(firstBoot).withDigest(Bytes.fromHex("00"))),
                Stage.REPLAY,
                ErrorCode.EVENT_LOG_MALFORMED,
                "must be 48 bytes"),
            new Case(
                "injected runtime event before system-ready",
                l -> insert(l, ready, TdxEvent.runtime("debug-mode", Bytes.fromHex("01"))),
                Stage.VERIFY_QUOTE,
                ErrorCode.RTMR_MISMATCH,
                "replayed RTMR3"),
            new Case(
                "injected runtime event after system-ready",
                l ->
                    insert(
                        l,
                        l.size(),
                        TdxEvent.runtime("compose-hash", Bytes.fromHex("00".repeat(32)))),
                Stage.VERIFY_QUOTE,
                ErrorCode.RTMR_MISMATCH,
                "replayed RTMR3"),
            new Case(
                "duplicate compose-hash before system-ready",
                l -> insert(l, ready, l.get(compose)),
                Stage.REPLAY,
                ErrorCode.EVENT_LOG_MALFORMED,
                "repeated before system-ready"),
            new Case(
                "second system-ready",
                l -> insert(l, l.size(), l.get(ready)),
                Stage.REPLAY,
                ErrorCode.EVENT_LOG_MALFORMED,
                "second system-ready"),
            new Case(
                "event removed",
                l -> remove(l, indexOf(l, "instance-id")),
                Stage.VERIFY_QUOTE,
                ErrorCode.RTMR_MISMATCH,
                "replayed RTMR3"),
            new Case(
                "app-id payload of 19 bytes",
                l ->
                    set(
                        l,
                        indexOf(l, "app-id"),
                        l.get(indexOf(l, "app-id"))
                            .withPayload(Bytes.fromHex("00".repeat(19)))
                            .withDigest(Bytes.empty())),
                Stage.VERIFY_SELF,
                ErrorCode.EVENT_LOG_MALFORMED,
                "must be 20 bytes"),
            new Case(
                "key-provider payload not JSON",
                l ->
                    set(
                        l,
                        indexOf(l, "key-provider"),
                        l.get(indexOf(l, "key-provider"))
                            .withPayload(Bytes.fromHex("7b"))
                            .withDigest(Bytes.empty())),
                Stage.VERIFY_SELF,
                ErrorCode.EVENT_LOG_MALFORMED,
                "not a JSON document"),
            new Case(
                "key-provider payload with an extra field",
                l ->
                    set(
                        l,
                        indexOf(l, "key-provider"),
                        l.get(indexOf(l, "key-provider"))
                            .withPayload(
                                Bytes.of(
                                    "{\"name\":\"kms\",\"id\":\"\",\"x\":1}"
                                        .getBytes(StandardCharsets.UTF_8)))
                            .withDigest(Bytes.empty())),
                Stage.VERIFY_SELF,
                ErrorCode.EVENT_LOG_MALFORMED,
                "unexpected field"));
    for (Case c : cases) {
      List<TdxEvent> edited = c.edit().apply(new ArrayList<>(base));
      switch (c.stage()) {
        case REPLAY -> assertCode(() -> replay(edited), c.code(), c.message());
        case VERIFY_QUOTE -> {
          ReplayResult r = replay(edited);
          assertCode(() -> r.verifyAgainst(quote()), c.code(), c.message());
        }
        case VERIFY_SELF -> {
          ReplayResult r = replay(edited);
          assertCode(() -> r.verifyAgainst(selfConsistent(r)), c.code(), c.message());
        }
      }
    }
  }

  @Test
  void identities_composeHashRepeatedAfterSystemReady_firstOccurrenceKept() throws Exception {
    List<TdxEvent> l = events();
    ReplayResult original = replay(l);
    Bytes evil = Bytes.fromHex("ee".repeat(32));
    l.add(TdxEvent.runtime("compose-hash", evil));
    l.add(TdxEvent.runtime("app-id", Bytes.fromHex("ee".repeat(20))));
    l.add(TdxEvent.runtime("key-provider", Bytes.fromHex("7b7d")));
    ReplayResult r = replay(l);
    assertThat(r.identities()).isEqualTo(original.identities());
    assertThat(r.appEvents())
        .extracting(e -> e.name())
        .containsExactly("LIUM_MINER_HOTKEY", "compose-hash", "app-id", "key-provider");
    // Against registers that include the extra events the check passes, still with the first value.
    r.verifyAgainst(selfConsistent(r));
    assertThat(r.identities().composeHash()).isEqualTo(original.identities().composeHash());
    assertThat(r.measurement(quote(), false).composeHash())
        .isEqualTo(original.identities().composeHash().orElseThrow());
  }

  @Test
  void verifyAgainst_missingSystemReadyOrIdentity_rejected() throws Exception {
    List<TdxEvent> noReady = events();
    noReady.remove(indexOf(noReady, "system-ready"));
    ReplayResult r1 = replay(noReady);
    assertThat(r1.identities().systemReady()).isFalse();
    assertCode(
        () -> r1.verifyAgainst(selfConsistent(r1)),
        ErrorCode.EVENT_LOG_MALFORMED,
        "no system-ready");
    List<TdxEvent> noInstance = events();
    noInstance.remove(indexOf(noInstance, "instance-id"));
    ReplayResult r2 = replay(noInstance);
    assertCode(
        () -> r2.verifyAgainst(selfConsistent(r2)), ErrorCode.EVENT_LOG_MALFORMED, "[instance-id]");
  }

  @Test
  void verifyAgainst_mrConfigIdTampered_measurementMismatch() throws Exception {
    Fixtures.Vector v = Fixtures.simulatorAttestation();
    ReplayResult r = RtmrReplay.replay(v.evidence().eventLog());
    TdRegisters q = v.quote();
    for (int offset : new int[] {0, 1, 32, 33, 47}) {
      byte[] cfg = q.mrConfigId().toByteArray();
      cfg[offset] ^= 0x01;
      TdRegisters bad =
          new TdRegisters(
              q.mrTd(), Measurement48.of(cfg), q.rtmr0(), q.rtmr1(), q.rtmr2(), q.rtmr3());
      assertCode(() -> r.verifyAgainst(bad), ErrorCode.MEASUREMENT_MISMATCH, "MRCONFIGID");
    }
    byte[] v3 = q.mrConfigId().toByteArray();
    v3[0] = 3;
    TdRegisters bad =
        new TdRegisters(q.mrTd(), Measurement48.of(v3), q.rtmr0(), q.rtmr1(), q.rtmr2(), q.rtmr3());
    assertCode(() -> r.verifyAgainst(bad), ErrorCode.MEASUREMENT_MISMATCH, "V3");
  }

  @Test
  void mrConfigIdV2_matchingValue_accepted() throws Exception {
    Fixtures.Vector v = Fixtures.simulatorAttestation();
    ReplayResult r = RtmrReplay.replay(v.evidence().eventLog());
    DstackIdentities ids = r.identities();
    byte[] h =
        Keccak256.hash(
                ids.composeHash().orElseThrow().toByteArray(),
                ids.appId().orElseThrow().toByteArray(),
                new byte[] {2},
                Hex.decode(ids.keyProvider().orElseThrow().id()))
            .toByteArray();
    Measurement48 v2 = MrConfigId.pack(2, h);
    MrConfigId.check(v2, ids);
    byte[] other = v2.toByteArray();
    other[5] ^= 1;
    assertCode(
        () -> MrConfigId.check(Measurement48.of(other), ids),
        ErrorCode.MEASUREMENT_MISMATCH,
        "does not match");
  }

  @Test
  void parse_malformedJsonTable_eventLogMalformed() throws Exception {
    String good =
        "{\"imr\":3,\"event_type\":134217729,\"digest\":\"\",\"event\":\"x\",\"event_payload\":\"\"}";
    String log =
        Fixtures.MAPPER
            .readTree(SharedVectors.read("dstack", "verifier-fixtures", "quote-report.json"))
            .get("event_log")
            .asText();
    String[][] cases = {
      {log.substring(0, log.length() / 2), "not valid JSON"},
      {"{}", "must be a JSON array"},
      {"[" + good.replace("\"imr\":3", "\"imr\":4") + "]", "imr 4 is not 0..3"},
      {"[" + good.replace("\"imr\":3", "\"imr\":-1") + "]", "imr -1"},
      {"[" + good.replace("\"imr\":3", "\"imr\":\"3\"") + "]", "'imr' must be an integer"},
      {"[" + good.replace("134217729", "4294967296") + "]", "not a u32"},
      {"[" + good.replace("\"digest\":\"\"", "\"digest\":\"abc\"") + "]", "odd length"},
      {"[" + good.replace("\"event_payload\":\"\"", "\"event_payload\":\"zz\"") + "]", "non-hex"},
      {"[" + good.replace("}", ",\"extra\":1}") + "]", "unknown field 'extra'"},
      {"[" + good.replace("}", ",\"version\":3}") + "]", "version 3"},
      {"[" + good.replace(",\"event\":\"x\"", "") + "]", "lacks field 'event'"},
      {"[" + good.replace("\"imr\":3,", "\"imr\":3,\"imr\":3,") + "]", "Duplicate"},
      {"[" + good + "] []", "not valid JSON"},
    };
    for (String[] c : cases) {
      assertCode(() -> EventLog.parse(c[0]), ErrorCode.EVENT_LOG_MALFORMED, c[1]);
    }
  }

  @Test
  void parse_limits_atLimitAcceptedPastLimitRejected() throws Exception {
    String ev =
        "{\"imr\":3,\"event_type\":134217729,\"digest\":\"\",\"event\":\"x\",\"event_payload\":\"\"}";
    String atLimit = "[" + String.join(",", Collections.nCopies(EventLog.MAX_EVENTS, ev)) + "]";
    assertThat(EventLog.parse(atLimit).size()).isEqualTo(EventLog.MAX_EVENTS);
    String past = "[" + String.join(",", Collections.nCopies(EventLog.MAX_EVENTS + 1, ev)) + "]";
    assertCode(
        () -> EventLog.parse(past), ErrorCode.EVENT_LOG_MALFORMED, "limit " + EventLog.MAX_EVENTS);
    byte[] big = new byte[EventLog.MAX_JSON_BYTES + 1];
    Arrays.fill(big, (byte) ' ');
    big[0] = '[';
    big[big.length - 1] = ']';
    assertCode(() -> EventLog.parse(big), ErrorCode.EVENT_LOG_MALFORMED, "exceeds the limit");
    String deep = "[".repeat(100) + "]".repeat(100);
    assertCode(
        () -> EventLog.parse(deep.getBytes(StandardCharsets.UTF_8)),
        ErrorCode.EVENT_LOG_MALFORMED,
        "not valid JSON");
  }

  @Test
  void parseScale_truncatedAtEveryLength_rejectedNeverPartial() throws Exception {
    byte[] bin = SharedVectors.read("dstack", "simulator", "attestation.bin");
    for (int len = 0; len < bin.length; len += 37) {
      byte[] cut = Arrays.copyOf(bin, len);
      assertCode(() -> DstackAttestation.parseScale(cut), ErrorCode.EVENT_LOG_MALFORMED, "SCALE");
    }
    byte[] trailing = Arrays.copyOf(bin, bin.length + 1);
    assertCode(
        () -> DstackAttestation.parseScale(trailing), ErrorCode.EVENT_LOG_MALFORMED, "trailing");
    byte[] v1 = bin.clone();
    v1[0] = 1;
    assertCode(() -> DstackAttestation.parseScale(v1), ErrorCode.EVENT_LOG_MALFORMED, "not V0");
  }

  @Test
  void quoteEvidence_unknownShapes_rejected() {
    assertCode(
        () -> QuoteEvidence.parse("{\"quote\":\"00\"}".getBytes(StandardCharsets.UTF_8)),
        ErrorCode.EVENT_LOG_MALFORMED,
        "neither");
    assertCode(
        () -> QuoteEvidence.parse("{\"event_log\":5}".getBytes(StandardCharsets.UTF_8)),
        ErrorCode.EVENT_LOG_MALFORMED,
        "string or an array");
    assertCode(
        () ->
            QuoteEvidence.parse(
                "{\"quote\":\"0g\",\"event_log\":\"[]\"}".getBytes(StandardCharsets.UTF_8)),
        ErrorCode.EVENT_LOG_MALFORMED,
        "'quote'");
  }

  @Test
  void replayReport_tamperedQuoteRegister_reportsMismatch() throws Exception {
    Fixtures.Vector v = Fixtures.tappdExample();
    byte[] quote = v.evidence().quote().orElseThrow().toByteArray();
    ReplayReport ok = ReplayReport.create(v.evidence(), Optional.empty(), true);
    assertThat(ok.matchesQuote()).contains(true);
    assertThat(ok.measurementId().orElseThrow().toHex())
        .isEqualTo("6837faab31c99e3de277b7c4b300c416b9366b042d8aeee2939357e76d3e8e62");
    quote[520] ^= 0x01; // RTMR3 at absolute offset 520 (v4 quote)
    ReplayReport bad = ReplayReport.create(v.evidence(), Optional.of(Bytes.of(quote)), true);
    assertThat(bad.matchesQuote()).contains(false);
    assertThat(bad.mismatch().orElseThrow()).startsWith("RTMR_MISMATCH").contains("RTMR3");
  }

  private static List<TdxEvent> set(List<TdxEvent> l, int i, TdxEvent e) {
    l.set(i, e);
    return l;
  }

  private static List<TdxEvent> insert(List<TdxEvent> l, int i, TdxEvent e) {
    l.add(i, e);
    return l;
  }

  private static List<TdxEvent> remove(List<TdxEvent> l, int i) {
    l.remove(i);
    return l;
  }
}
