package io.replicatoor.attest.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.measure.Digests;
import io.replicatoor.attest.measure.ReferenceMeasurement;
import io.replicatoor.attest.measure.Rtmr;
import io.replicatoor.attest.measure.RuntimeEvent;
import io.replicatoor.attest.measure.TdRegisters;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.testing.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtmrReplayVectorsTest {

  /**
   * Replays {@code v}'s event log (evidence in {@code format}), checks all four RTMRs against its
   * quote and RTMR3 against {@code rtmr3Hex}.
   */
  static ReplayResult replayMatching(
      Fixtures.Vector v, QuoteEvidence.Format format, String rtmr3Hex) throws Exception {
    assertThat(v.evidence().format()).isEqualTo(format);
    ReplayResult r = RtmrReplay.replay(v.evidence().eventLog());
    r.verifyAgainst(v.quote());
    assertThat(r.rtmr3().toHex()).isEqualTo(rtmr3Hex);
    return r;
  }

  @Test
  void replay_quoteReport_allFourMatchAndPostSystemReadyEventIgnored() throws Exception {
    Fixtures.Vector v = Fixtures.quoteReport();
    assertThat(v.evidence().format()).isEqualTo(QuoteEvidence.Format.AGENT_RESPONSE);
    ReplayResult r = RtmrReplay.replay(v.evidence().eventLog());
    assertThat(r.bootLogComplete()).isTrue();
    assertThat(r.rtmr3().toHex())
        .isEqualTo(
            "0f787c3877f3e95095d5a4d13dd0fe0233803b30120d8469866719dc28f519ce021fe1e53459121e7a5a4443147185a8");
    assertThat(List.of(r.rtmr0(), r.rtmr1(), r.rtmr2(), r.rtmr3())).isEqualTo(v.quote().rtmrs());
    r.verifyAgainst(v.quote());
    DstackIdentities ids = r.identities();
    assertThat(ids.keyProvider().orElseThrow().name()).isEqualTo("local-sgx");
    assertThat(ids.appId().orElseThrow().toHex())
        .isEqualTo(ids.composeHash().orElseThrow().toHex().substring(0, 40));
    assertThat(ids.osImageHash()).isEmpty();
    assertThat(r.appEvents()).extracting(RuntimeEvent::name).containsExactly("LIUM_MINER_HOTKEY");
    // REPORTDATA is the requested 1234, right-padded with zeros (GetQuote pads on the right).
    assertThat(
            Quote.parse(v.evidence().quote().orElseThrow().toByteArray())
                .reportBody()
                .reportData()
                .toHex())
        .isEqualTo("1234" + "00".repeat(62));
    // Every recomputed runtime digest equals the logged one.
    List<TdxEvent> imr3 =
        v.evidence().eventLog().events().stream().filter(e -> e.imr() == 3).toList();
    for (int i = 0; i < imr3.size(); i++) {
      assertThat(r.runtimeEvents().get(i).digest().toHex()).isEqualTo(imr3.get(i).digest().toHex());
    }
  }

  @Test
  void replay_tappdV04Example_allFourMatchAndComposeHashIsFileHash() throws Exception {
    Fixtures.Vector v = Fixtures.tappdExample();
    ReplayResult r = RtmrReplay.replay(v.evidence().eventLog());
    r.verifyAgainst(v.quote());
    assertThat(r.rtmr3().toHex())
        .isEqualTo(
            "45c2309ffdc521edbed3f5e651c250dac0e50306d2f93b639f74d60f910b498ca8c489cedae7719c4b052f3e4eadf3a4");
    assertThat(r.bootLogComplete()).isTrue();
    var compose =
        ReferenceMeasurement.composeHash(
            SharedVectors.read("dstack", "tappd-v0.4-example", "app-compose.json"));
    assertThat(r.identities().composeHash()).contains(compose);
    assertThat(r.identities().appId()).contains(ReferenceMeasurement.defaultAppId(compose));
    assertThat(r.identities().rootfsHash()).isPresent();
    assertThat(r.identities().keyProvider().orElseThrow().name()).isEqualTo("kms");
  }

  @Test
  void replay_simulatorAttestationBin_allFourMatchAndMrConfigIdV1Checks() throws Exception {
    Fixtures.Vector v = Fixtures.simulatorAttestation();
    ReplayResult r =
        replayMatching(
            v,
            QuoteEvidence.Format.ATTESTATION_SCALE,
            "f28a1490ee924e9396c2ccf2d93ad536b83cbe159a1d45024d1fd7acdcc102145efcfcd0cfa209416446c70226affadf");
    assertThat(r.identities().appId().orElseThrow().toHex())
        .isEqualTo("5bb4ff9a3837357f19dc176407a5709c62eb6c56");
    assertThat(r.identities().composeHash().orElseThrow().toHex())
        .isEqualTo("c143116fef3940e7f776bfc0919c256232ae5338a6e948c96b711e0b2383483a");
    assertThat(v.quote().mrConfigId().unsignedByte(0)).isEqualTo(1);
    assertThat(r.identities().storageFs()).contains("zfs");
    assertThat(r.identities().osImageHash().orElseThrow().toHex())
        .isEqualTo("e61be43dd1cc6a6f5edefd7c51b608983780839b0000ce60dd99737dcffe09b9");
  }

  @Test
  void parseScale_simulatorAttestation_equalsDecodedJsonCrossCheck() throws Exception {
    DstackAttestation a =
        DstackAttestation.parseScale(SharedVectors.read("dstack", "simulator", "attestation.bin"));
    JsonNode d =
        Fixtures.MAPPER.readTree(
            SharedVectors.read("dstack", "derived", "simulator-attestation.decoded.json"));
    assertThat(a.quote().toHex()).isEqualTo(d.get("quote").asText());
    assertThat(a.reportData().toHex()).isEqualTo(d.get("report_data").asText());
    assertThat(a.config()).isEqualTo(d.get("config").asText());
    EventLog fromJson = EventLog.fromJson(d.get("event_log"));
    assertThat(a.eventLog().events()).isEqualTo(fromJson.events());
    assertThat(a.runtimeEvents()).hasSize(d.get("runtime_events").size());
  }

  @Test
  void replay_tdxLiteStrippedLog_rtmr3FromRecomputationAndTrustingEmptyDigestsFails()
      throws Exception {
    Fixtures.Vector v = Fixtures.tdxLite();
    assertThat(v.evidence().format()).isEqualTo(QuoteEvidence.Format.ATTESTATION_JSON);
    List<TdxEvent> imr3 =
        v.evidence().eventLog().events().stream().filter(e -> e.imr() == 3).toList();
    assertThat(imr3).isNotEmpty().allSatisfy(e -> assertThat(e.digest().isEmpty()).isTrue());
    ReplayResult r = RtmrReplay.replay(v.evidence().eventLog());
    assertThat(r.rtmr3().toHex())
        .isEqualTo(
            "6f24c170d0fd63fc2b1b53202eea47b013978437fa6982cf5e0438ff95c208994aaa0f4ebab2e3a66824b5b56869137e")
        .isEqualTo(v.quote().rtmr3().toHex());
    assertThat(r.bootLogComplete()).isFalse();
    r.verifyAgainst(v.quote());
    // What old SDK replay code does: extend the logged digests zero-padded to 48 bytes.
    List<Measurement48> naive = new ArrayList<>();
    for (TdxEvent e : imr3) {
      naive.add(Measurement48.of(Arrays.copyOf(e.digest().toByteArray(), 48)));
    }
    assertThat(Rtmr.replay(naive)).isNotEqualTo(v.quote().rtmr3());
    var compose = r.identities().composeHash().orElseThrow();
    byte[] cfg = new byte[48];
    cfg[0] = 1;
    System.arraycopy(compose.toByteArray(), 0, cfg, 1, 32);
    assertThat(v.quote().mrConfigId()).isEqualTo(Measurement48.of(cfg));
    assertThat(r.identities().osImageHash()).isPresent();
    assertThat(r.identities().storageFs()).contains("zfs");
  }

  @Test
  void replay_simulatorV054_allFourMatch() throws Exception {
    ReplayResult r =
        replayMatching(
            Fixtures.simulatorV054(),
            QuoteEvidence.Format.BARE_EVENT_LOG,
            "6d1a3da994b6611ee602f25f07b41671ece90cd2898689f1ad4448fdf1155e3668736cca4499659caae2d8044070de57");
    assertThat(r.runtimeEvents())
        .extracting(RuntimeEvent::name)
        .containsExactly(
            "system-preparing",
            "app-id",
            "compose-hash",
            "instance-id",
            "boot-mr-done",
            "key-provider",
            "system-ready");
  }

  @Test
  void replay_everyVector_matchesExpectedParsedRegisters() throws Exception {
    for (Fixtures.Vector v :
        List.of(
            Fixtures.quoteReport(),
            Fixtures.tappdExample(),
            Fixtures.simulatorAttestation(),
            Fixtures.simulatorV054())) {
      JsonNode e = v.expected();
      TdRegisters q = v.quote();
      assertThat(q.mrTd().toHex()).as(v.name()).isEqualTo(e.get("mrtd").asText());
      for (int i = 0; i < 4; i++) {
        assertThat(q.rtmrs().get(i).toHex()).as(v.name()).isEqualTo(e.get("rtmr" + i).asText());
      }
      ReplayResult r = RtmrReplay.replay(v.evidence().eventLog());
      assertThat(r.mismatchedRtmrs(q)).as(v.name()).isEmpty();
    }
  }

  @Test
  void replay_v2EventsInLog_recomputedAsV2AndWrongVersionDigestRejected() throws Exception {
    JsonNode steps =
        SharedVectors.json("dstack", "derived", "computed-vectors.json").get("replay_mixed_v1_v2");
    StringBuilder json = new StringBuilder("[");
    for (JsonNode s : steps) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append("{\"imr\":3,\"event_type\":134217729,\"digest\":\"")
          .append(s.get("digest").asText())
          .append("\",\"event\":\"")
          .append(s.get("event").asText())
          .append("\",\"event_payload\":\"")
          .append(s.get("payload_hex").asText())
          .append('"')
          .append(s.get("version").asInt() == 2 ? ",\"version\":2" : "")
          .append('}');
    }
    json.append(']');
    ReplayResult r = RtmrReplay.replay(EventLog.parse(json.toString()));
    assertThat(r.rtmr3().toHex()).isEqualTo(steps.get(steps.size() - 1).get("mr_after").asText());
    // The V2 event's digest stated as V1: logged digest no longer matches.
    String asV1 = json.toString().replace(",\"version\":2", "");
    assertThatThrownBy(() -> RtmrReplay.replay(EventLog.parse(asV1)))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RTMR_MISMATCH))
        .hasMessageContaining("event 1 (imr 3, 'compose-hash')");
    // A V2 preimage that is not the canonical JCS text is rejected.
    RuntimeEvent ev = RuntimeEvent.v2("compose-hash", Bytes.fromHex("0304"));
    String withPreimage =
        json.toString()
            .replace(
                ",\"version\":2",
                ",\"version\":2,\"preimage\":\""
                    + Hex.encode(
                        ev.v2Preimage().replace(":", ": ").getBytes(StandardCharsets.UTF_8))
                    + "\"");
    assertThatThrownBy(() -> RtmrReplay.replay(EventLog.parse(withPreimage)))
        .hasMessageContaining("preimage");
    assertThat(Digests.sha384(ev.preimage())).isEqualTo(ev.digest());
  }
}
