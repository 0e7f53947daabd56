package io.replicatoor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.attest.eventlog.EventLog;
import io.replicatoor.attest.eventlog.ReplayResult;
import io.replicatoor.attest.eventlog.RtmrReplay;
import io.replicatoor.attest.measure.Rtmr;
import io.replicatoor.attest.measure.TdRegisters;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Measurement48;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Simulator event logs replay with the event-log package and match the simulator's quotes. */
class SimulatedInstanceReplayTest {
  @TempDir Path state;

  private static final HexFormat HEX = HexFormat.of();
  private static final String ZERO48 = "00".repeat(48);

  @Test
  void eventLog_replay_matchesQuoteAndYieldsIdentities() throws Exception {
    GuestAgentSimulator sim = SimFixtures.setUp(state).simulator();
    Quote q = Quote.parse(sim.quote(new byte[64]));
    ReplayResult r = RtmrReplay.replay(EventLog.parse(sim.eventLogJson()));
    assertThat(r.bootLogComplete()).isTrue();
    r.verifyAgainst(TdRegisters.of(q)); // RTMR0-3, identities, MRCONFIGID V1
    var ids = r.identities();
    byte[] composeHash = MessageDigest.getInstance("SHA-256").digest(SimFixtures.COMPOSE);
    assertThat(ids.composeHash().orElseThrow().toByteArray()).isEqualTo(composeHash);
    assertThat(ids.appId().orElseThrow().toByteArray()).isEqualTo(Arrays.copyOf(composeHash, 20));
    assertThat(ids.instanceId().orElseThrow().toByteArray()).isEqualTo(sim.instance().instanceId());
    assertThat(ids.keyProvider().orElseThrow().name()).isEqualTo("local-sgx");
    assertThat(ids.storageFs()).contains("ext4");
    assertThat(r.appEvents()).isEmpty();
  }

  @Test
  void create_twoInstances_differentInstanceIdAndRtmr3SameOtherRegisters() throws Exception {
    SecureRandom rng = new SecureRandom();
    SimulatedInstance a =
        SimulatedInstance.create(SimFixtures.COMPOSE, null, ImageConfig.defaults(), rng);
    SimulatedInstance b =
        SimulatedInstance.create(SimFixtures.COMPOSE, null, ImageConfig.defaults(), rng);
    assertThat(a.instanceId()).isNotEqualTo(b.instanceId());
    assertThat(a.measurements().rtmr(3)).isNotEqualTo(b.measurements().rtmr(3));
    assertThat(a.measurements().mrtd()).isEqualTo(b.measurements().mrtd());
    assertThat(a.measurements().rtmr(0)).isEqualTo(b.measurements().rtmr(0));
    assertThat(a.measurements().mrConfigId()).isEqualTo(b.measurements().mrConfigId());
  }

  @Test
  void create_composeByteChanged_composeHashEventChanges() throws Exception {
    byte[] other = SimFixtures.COMPOSE.clone();
    other[other.length - 2] ^= 1;
    SimulatedInstance a =
        SimulatedInstance.create(
            SimFixtures.COMPOSE, null, ImageConfig.defaults(), new SecureRandom());
    SimulatedInstance b =
        SimulatedInstance.create(other, null, ImageConfig.defaults(), new SecureRandom());
    assertThat(a.composeHash()).isNotEqualTo(b.composeHash());
  }

  @Test
  void eventLog_payloadTampered_replayMismatch() throws Exception {
    GuestAgentSimulator sim = SimFixtures.setUp(state).simulator();
    Quote q = Quote.parse(sim.quote(new byte[64]));
    String hash = HEX.formatHex(sim.instance().composeHash());
    String flipped = (hash.charAt(0) == '0' ? "1" : "0") + hash.substring(1);
    // Also drop the logged digest so the tampered event is replayed from its payload.
    String log = sim.eventLogJson().replace(hash, flipped);
    String digestOfCompose =
        sim.instance().eventLog().stream()
            .filter(e -> e.event().equals("compose-hash"))
            .findFirst()
            .orElseThrow()
            .digestHex();
    String tampered = log.replace(digestOfCompose, "");
    ReplayResult r = RtmrReplay.replay(EventLog.parse(tampered));
    assertThatThrownBy(() -> r.verifyAgainst(TdRegisters.of(q)))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RTMR_MISMATCH));
  }

  @Test
  void appId_override_usedInEventLog() throws Exception {
    byte[] appId = HEX.parseHex("5bb4ff9a3837357f19dc176407a5709c62eb6c56");
    SimulatedInstance a =
        SimulatedInstance.create(
            SimFixtures.COMPOSE, appId, ImageConfig.defaults(), new SecureRandom());
    ReplayResult r =
        RtmrReplay.replay(
            EventLog.parse(
                GuestAgentSimulator.create(
                        DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom()),
                        a,
                        SimFixtures.CLOCK,
                        new SecureRandom())
                    .eventLogJson()));
    assertThat(r.identities().appId().orElseThrow().toByteArray()).isEqualTo(appId);
  }

  @Test
  void imageFile_withoutBootEvents_rtmr0to2FromFileAndNotReplayed() throws Exception {
    String mr = "ab".repeat(48);
    Path image = imageFile("11".repeat(48), mr, "cd".repeat(48), "ef".repeat(48), "");
    SimulatedInstance a =
        SimulatedInstance.create(
            SimFixtures.COMPOSE, null, ImageConfig.load(image), new SecureRandom());
    assertThat(HEX.formatHex(a.measurements().rtmr(0))).isEqualTo(mr);
    assertThat(a.eventLog()).allMatch(e -> e.imr() == 3);
    GuestAgentSimulator sim =
        GuestAgentSimulator.create(
            DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom()),
            a,
            SimFixtures.CLOCK,
            new SecureRandom());
    ReplayResult r = RtmrReplay.replay(EventLog.parse(sim.eventLogJson()));
    assertThat(r.bootLogComplete()).isFalse();
    r.verifyAgainst(TdRegisters.of(Quote.parse(sim.quote(new byte[64]))));
  }

  @Test
  void imageFile_replayingBootEvents_loggedAndReplayedByEventlogPackage() throws Exception {
    Files.createDirectories(state);
    // Two real-looking boot events for RTMR0, none for RTMR1-2 (their registers stay zero).
    String d1 = "11".repeat(48);
    String d2 = "22".repeat(48);
    byte[] r0 =
        Rtmr.extend(
                Rtmr.extend(Measurement48.ZERO, Measurement48.fromHex(d1)),
                Measurement48.fromHex(d2))
            .toByteArray();
    Path image =
        imageFile(
            "0x" + "11".repeat(48),
            HEX.formatHex(r0),
            ZERO48,
            ZERO48,
            ",\"os_image_hash\":\""
                + "ab".repeat(32)
                + "\",\"boot_events\":["
                + "{\"imr\":0,\"event_type\":2147483659,\"digest\":\""
                + d1
                + "\",\"event\":\"\","
                + "\"event_payload\":\"01\"},{\"imr\":0,\"event_type\":4,\"digest\":\""
                + d2
                + "\",\"event\":\"\",\"event_payload\":\"00000000\"}]");
    ImageConfig img = ImageConfig.load(image);
    assertThat(img.osImageHash()).isEqualTo(HEX.parseHex("ab".repeat(32)));
    assertThat(img.bootEvents()).hasSize(2);
    GuestAgentSimulator sim =
        GuestAgentSimulator.create(
            DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom()),
            SimulatedInstance.create(SimFixtures.COMPOSE, null, img, new SecureRandom()),
            SimFixtures.CLOCK,
            new SecureRandom());
    Quote q = Quote.parse(sim.quote(new byte[64]));
    ReplayResult r = RtmrReplay.replay(EventLog.parse(sim.eventLogJson()));
    r.verifyAgainst(TdRegisters.of(q));
    assertThat(r.rtmr0().toByteArray()).isEqualTo(r0);
    assertThat(q.body().rtmr0().toByteArray()).isEqualTo(r0);
    assertThat(q.body().mrTd().toHex()).isEqualTo("11".repeat(48));
  }

  /** Image files ImageConfig refuses: what is wrong, rtmr0, the extra members, the field named. */
  static Stream<Arguments> rejectedImageFiles() {
    return Stream.of(
        Arguments.of(
            "boot events not matching the RTMRs",
            "ab".repeat(48),
            ",\"boot_events\":[{\"imr\":0,\"event_type\":4,\"digest\":\""
                + "01".repeat(48)
                + "\",\"event\":\"\",\"event_payload\":\"00\"}]",
            "rtmr0"),
        Arguments.of(
            "an unknown field, like the measure package",
            ZERO48,
            ",\"os_image_hsah\":\"" + "ab".repeat(32) + "\"",
            "os_image_hsah"),
        Arguments.of(
            "a runtime event type in the boot events",
            ZERO48,
            ",\"boot_events\":[{\"imr\":0,\"event_type\":134217729,\"digest\":\""
                + "11".repeat(48)
                + "\",\"event\":\"x\",\"event_payload\":\"\"}]",
            "event_type"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedImageFiles")
  void imageFile_rejected(String what, String rtmr0, String extraMembers, String field)
      throws Exception {
    assertRejected(imageFile("11".repeat(48), rtmr0, ZERO48, ZERO48, extraMembers), field);
  }

  /**
   * Writes {@code image.json} into the state folder: the four registers as given (hex) followed by
   * {@code extraMembers} (either empty or starting with a comma).
   */
  private Path imageFile(String mrtd, String rtmr0, String rtmr1, String rtmr2, String extraMembers)
      throws IOException {
    Files.createDirectories(state);
    return Files.writeString(
        state.resolve("image.json"),
        "{\"mrtd\":\""
            + mrtd
            + "\",\"rtmr0\":\""
            + rtmr0
            + "\",\"rtmr1\":\""
            + rtmr1
            + "\",\"rtmr2\":\""
            + rtmr2
            + "\""
            + extraMembers
            + "}");
  }

  /** {@link ImageConfig#load} rejects {@code image} with BAD_REQUEST naming {@code field}. */
  private static void assertRejected(Path image, String field) {
    assertThatThrownBy(() -> ImageConfig.load(image))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessageContaining(field);
  }
}
