package io.replicatoor.cli;

import static io.replicatoor.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.testing.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs event-log replay, measure and rtmr3 in-process on the dstack vectors. */
class MeasurementCommandsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  static String vec(String... p) {
    return SharedVectors.vectors("dstack", p).toString();
  }

  private Path imageJson(String fixture) throws Exception {
    JsonNode f = SharedVectors.json("dstack", "derived", "fixtures-expected.json").get(fixture);
    Path p = dir.resolve("image.json");
    Files.writeString(
        p,
        ImageJson.of(
            f.get("mrtd").asText(),
            f.get("rtmr0").asText(),
            f.get("rtmr1").asText(),
            f.get("rtmr2").asText()));
    return p;
  }

  /** {@code event-log replay --event-log LOG} followed by {@code more}. */
  static CliRun replay(String eventLog, String... more) {
    return run(CliRun.args(List.of("event-log", "replay", "--event-log", eventLog), more));
  }

  /** {@code measure --compose COMPOSE --image IMAGE} followed by {@code more}. */
  static CliRun measure(String compose, Path image, String... more) {
    return run(
        CliRun.args(List.of("measure", "--compose", compose, "--image", image.toString()), more));
  }

  @Test
  void replay_getQuoteResponse_matchesQuoteExit0() throws Exception {
    CliRun r = replay(vec("verifier-fixtures", "quote-report.json"), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("matchesQuote").asBoolean()).isTrue();
    assertThat(j.get("rtmr3").asText()).startsWith("0x0f787c3877f3e950");
    assertThat(j.get("keyProvider").get("name").asText()).isEqualTo("local-sgx");
    assertThat(j.get("appEvents").get(0).asText()).isEqualTo("LIUM_MINER_HOTKEY");
    assertThat(j.get("measurementId").asText()).hasSize(66).startsWith("0x");
    for (String f :
        new String[] {
          "rtmr0", "rtmr1", "rtmr2", "composeHash", "appId", "instanceId", "osImageHash"
        }) {
      assertThat(j.has(f)).as(f).isTrue();
    }
  }

  @Test
  void replay_tappdExample_measurementIdEqualsMeasureCommand() throws Exception {
    CliRun replay = replay(vec("tappd-v0.4-example", "report.json"), "--json");
    assertThat(replay.exitCode()).isZero();
    CliRun measure =
        measure(
            vec("tappd-v0.4-example", "app-compose.json"), imageJson("ex-report.json"), "--json");
    assertThat(measure.exitCode()).as(measure.err()).isZero();
    assertThat(measure.json().get("measurementId").asText())
        .isEqualTo("0x6837faab31c99e3de277b7c4b300c416b9366b042d8aeee2939357e76d3e8e62")
        .isEqualTo(replay.json().get("measurementId").asText());
    assertThat(measure.json().get("composeHash").asText())
        .isEqualTo(replay.json().get("composeHash").asText());
    assertThat(measure.json().get("appIdDefault").asText())
        .isEqualTo(replay.json().get("appId").asText());
  }

  @Test
  void replay_bareLogWithQuoteFile_matchesAndWithoutQuoteHasNoVerdict() throws Exception {
    CliRun r =
        replay(
            vec("simulator-v0.5.4", "eventlog.json"),
            "--quote",
            vec("simulator-v0.5.4", "quote.hex"),
            "--json");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.json().get("matchesQuote").asBoolean()).isTrue();
    CliRun noQuote = replay(vec("simulator-v0.5.4", "eventlog.json"), "--json");
    assertThat(noQuote.exitCode()).isZero();
    assertThat(noQuote.json().get("matchesQuote").isNull()).isTrue();
    assertThat(noQuote.json().get("measurementId").isNull()).isTrue();
    assertThat(noQuote.json().get("rtmr3").asText()).startsWith("0x6d1a3da9");
  }

  @Test
  void replay_strippedAttestationAndScaleBinary_match() throws Exception {
    CliRun lite = replay(vec("verifier-fixtures", "tdx-lite-attestation.json"), "--json");
    assertThat(lite.exitCode()).as(lite.out()).isZero();
    assertThat(lite.json().get("bootLogComplete").asBoolean()).isFalse();
    assertThat(lite.json().get("rtmr3").asText()).startsWith("0x6f24c170");
    CliRun bin = replay(vec("simulator", "attestation.bin"));
    assertThat(bin.exitCode()).isZero();
    assertThat(bin.out()).contains("matchesQuote: true").contains("rtmr3: 0xf28a1490");
  }

  @Test
  void replay_tamperedQuote_exit1WithMismatch() throws Exception {
    byte[] q = SharedVectors.read("dstack", "simulator-v0.5.4", "quote.hex");
    String hex = new String(q, StandardCharsets.US_ASCII).strip();
    char[] c = hex.toCharArray();
    int rtmr3Hex = 520 * 2;
    c[rtmr3Hex] = c[rtmr3Hex] == '0' ? '1' : '0';
    Path bad = dir.resolve("bad.hex");
    Files.writeString(bad, new String(c));
    CliRun r =
        replay(vec("simulator-v0.5.4", "eventlog.json"), "--quote", bad.toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.json().get("matchesQuote").asBoolean()).isFalse();
    assertThat(r.json().get("mismatch").asText()).contains("RTMR_MISMATCH").contains("RTMR3");
  }

  @Test
  void replay_malformedLogAndUsage_exitCodes() throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(
        broken,
        "[{\"imr\":3,\"event_type\":4,\"digest\":\"\",\"event\":\"x\",\"event_payload\":\"\"}]");
    CliRun r = replay(broken.toString(), "--json");
    r.assertError(1, "EVENT_LOG_MALFORMED");
    assertThat(run("event-log", "replay", "--json").exitCode()).isEqualTo(2);
    CliRun missing = replay(dir.resolve("nope.json").toString(), "--json");
    missing.assertError(2, "USAGE");
    assertThat(run("event-log").exitCode()).isEqualTo(2);
  }

  @Test
  void measure_badImageJson_exit2BadRequest() throws Exception {
    Path img = dir.resolve("img.json");
    Files.writeString(img, "{\"mrtd\":\"00\"}");
    CliRun r = measure(vec("tappd-v0.4-example", "app-compose.json"), img, "--json");
    r.assertError(2, "BAD_REQUEST");
    CliRun text =
        measure(vec("tappd-v0.4-example", "app-compose.json"), imageJson("ex-report.json"));
    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).contains("measurementId: 0x6837faab");
  }

  @Test
  void rtmr3_bootSequenceForTappdExample_reproducesQuoteRtmr3() throws Exception {
    JsonNode events =
        SharedVectors.json("dstack", "derived", "fixtures-expected.json")
            .get("ex-report.json")
            .get("rtmr3_runtime_events");
    String rootfs = null;
    String instance = null;
    String kp = null;
    for (JsonNode e : events) {
      switch (e.get("event").asText()) {
        case "rootfs-hash" -> rootfs = e.get("payload_hex").asText();
        case "instance-id" -> instance = e.get("payload_hex").asText();
        case "key-provider" ->
            kp = new String(Hex.decode(e.get("payload_hex").asText()), StandardCharsets.UTF_8);
        default -> {}
      }
    }
    CliRun r =
        run(
            "rtmr3",
            "--compose",
            vec("tappd-v0.4-example", "app-compose.json"),
            "--rootfs-hash",
            rootfs,
            "--instance-id",
            instance,
            "--key-provider",
            kp,
            "--json");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.json().get("rtmr3").asText())
        .isEqualTo(
            "0x45c2309ffdc521edbed3f5e651c250dac0e50306d2f93b639f74d60f910b498ca8c489cedae7719c4b052f3e4eadf3a4");
    assertThat(r.json().get("events")).hasSize(8);
  }

  @Test
  void rtmr3_legacyScheme_reproduces3c307870() throws Exception {
    CliRun r =
        run(
            "rtmr3",
            "--legacy",
            "--rootfs-hash",
            "bf06bf167df2d81dd54095e8a540e802dc634a31a96e1a448a20201a63d0bd21",
            "--compose",
            vec("old-rtmr3-scheme", "docker-compose.yaml"),
            "--ca-cert",
            vec("old-rtmr3-scheme", "kms-ca.cert"),
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.json().get("rtmr3").asText())
        .isEqualTo(
            "0x3c30787034cd9aabff0347bc8f08b9f24a0f6ae914bbca0f9aba681e857aa57a7a7cc5b0b67231779cdc345f107707c5");
  }

  @Test
  void rtmr3_explicitEventsAndUsageErrors() throws Exception {
    JsonNode steps =
        SharedVectors.json("dstack", "derived", "computed-vectors.json")
            .get("runtime_event_digests");
    CliRun one = run("rtmr3", "--event", "app-id=deadbeef", "--json");
    assertThat(one.exitCode()).isZero();
    assertThat(one.json().get("events").get(0).get("digest").asText())
        .isEqualTo("0x" + steps.get(0).get("v1_sha384").asText());
    CliRun v2 = run("rtmr3", "--event", "app-id=0xdeadbeef", "--event-log-version", "2", "--json");
    assertThat(v2.json().get("events").get(0).get("digest").asText())
        .isEqualTo("0x" + steps.get(0).get("v2_sha384").asText());
    assertThat(run("rtmr3", "--event", "noequals").exitCode()).isEqualTo(2);
    assertThat(run("rtmr3", "--event", "a=zz").exitCode()).isEqualTo(2);
    assertThat(run("rtmr3", "--legacy", "--rootfs-hash", "00").exitCode()).isEqualTo(2);
    assertThat(run("rtmr3", "--compose-hash", "00".repeat(32), "--instance-id", "").exitCode())
        .isEqualTo(2);
    assertThat(
            run(
                    "rtmr3",
                    "--compose-hash",
                    "00".repeat(31),
                    "--instance-id",
                    "",
                    "--key-provider-name",
                    "none")
                .exitCode())
        .isEqualTo(2);
    CliRun ok =
        run(
            "rtmr3",
            "--compose-hash",
            "00".repeat(32),
            "--instance-id",
            "",
            "--key-provider-name",
            "none",
            "--storage-fs",
            "ext4",
            "--json");
    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.json().get("events").get(3).get("event").asText()).isEqualTo("instance-id");
    assertThat(ok.json().get("events").get(3).get("payload").asText()).isEqualTo("0x");
  }
}
