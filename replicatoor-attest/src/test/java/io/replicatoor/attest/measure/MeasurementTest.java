package io.replicatoor.attest.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.crypto.Keccak256;
import io.replicatoor.core.measure.Measurement;
import io.replicatoor.testing.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MeasurementTest {
  /**
   * measurementId of the tappd-v0.4 example (its quote's MRTD, RTMR0-2, compose hash 06768e6d...,
   * no OS image hash), computed independently with a from-scratch Python Keccak-f[1600].
   */
  private static final String EX_REPORT_ID =
      "6837faab31c99e3de277b7c4b300c416b9366b042d8aeee2939357e76d3e8e62";

  /** Same for the simulator attestation with its os-image-hash event bound. */
  private static final String SIM_BOUND_ID =
      "82d2784250a0bc0f3ec4aa15dbf28f09bbe9034ee767027156dbad20a1250bf7";

  @Test
  void keccak256_knownAnswers_areEthereumKeccakNotSha3() {
    assertThat(Keccak256.hash(new byte[0]).toHex())
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThat(Keccak256.hash("abc".getBytes(StandardCharsets.US_ASCII)).toHex())
        .isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  }

  @Test
  void measurementId_tappdExample_matchesIndependentComputation() throws Exception {
    ReferenceMeasurement ref =
        ReferenceMeasurement.compute(
            SharedVectors.read("dstack", "tappd-v0.4-example", "app-compose.json"),
            ImageMeasurement.parseJson(imageJson("ex-report.json", null, true)));
    assertThat(ref.composeHash().toHex())
        .isEqualTo("06768e6df639ce3be65e9e5321f8b2d82dbffb01c74323462d34c2feb9653aff");
    assertThat(ref.defaultAppId().toHex()).isEqualTo("06768e6df639ce3be65e9e5321f8b2d82dbffb01");
    assertThat(ref.measurement().bindsOsImageHash()).isFalse();
    assertThat(ref.measurementId().toHex()).isEqualTo(EX_REPORT_ID);
  }

  @Test
  void measurementId_boundOsImageHash_matchesIndependentComputation() throws Exception {
    Measurement m =
        measurement(
            "simulator-attestation.bin",
            Bytes32.fromHex("c143116fef3940e7f776bfc0919c256232ae5338a6e948c96b711e0b2383483a"),
            Bytes32.fromHex("e61be43dd1cc6a6f5edefd7c51b608983780839b0000ce60dd99737dcffe09b9"));
    assertThat(m.idPreimage()).hasSize(257);
    assertThat(m.idPreimage()[0]).isEqualTo((byte) 0x01);
    assertThat(m.measurementId().toHex()).isEqualTo(SIM_BOUND_ID);
  }

  @Test
  void measurementId_eachFieldFlipped_changesId() {
    Measurement base =
        measurement(
            "ex-report.json",
            Bytes32.fromHex("06768e6df639ce3be65e9e5321f8b2d82dbffb01c74323462d34c2feb9653aff"),
            Bytes32.ZERO);
    assertThat(base.measurementId().toHex()).isEqualTo(EX_REPORT_ID);
    byte[] pre = base.idPreimage();
    for (int i = 0; i < pre.length; i++) {
      byte[] flipped = pre.clone();
      flipped[i] ^= 0x01;
      assertThat(Keccak256.hash(flipped)).isNotEqualTo(base.measurementId());
    }
    Measurement other =
        new Measurement(
            base.mrTd(),
            base.rtmr0(),
            base.rtmr1(),
            base.rtmr2(),
            base.composeHash(),
            Bytes32.fromHex("01".repeat(32)));
    assertThat(other.measurementId()).isNotEqualTo(base.measurementId());
  }

  @Test
  void parseJson_withOsImageHashAnd0xPrefix_bindsIt() throws Exception {
    ImageMeasurement img =
        ImageMeasurement.parseJson(imageJson("ex-report.json", "0x" + "ab".repeat(32), false));
    assertThat(img.osImageHash()).contains(Bytes32.fromHex("ab".repeat(32)));
    ReferenceMeasurement ref = ReferenceMeasurement.compute(new byte[] {'{', '}'}, img);
    assertThat(ref.measurement().osImageHash().toHex()).isEqualTo("ab".repeat(32));
    assertThat(ref.measurementId().toHex()).isNotEqualTo(EX_REPORT_ID);
  }

  static Stream<Arguments> badImageJson() {
    String good48 = "00".repeat(48);
    return Stream.of(
        arguments(
            "{\"mrtd\":\""
                + good48
                + "\",\"rtmr0\":\""
                + good48
                + "\",\"rtmr1\":\""
                + good48
                + "\"}",
            "rtmr2"),
        arguments(imageJson("00".repeat(47), good48, good48, good48, ""), "mrtd"),
        arguments(
            imageJson(good48, good48, good48, good48, ",\"os_image_hsh\":\"00\""), "os_image_hsh"),
        arguments(
            imageJson(good48, good48, good48, good48, ",\"os_image_hash\":\"zz\""),
            "os_image_hash"),
        arguments("{\"mrtd\":1}", "must be"),
        arguments("[1]", "object"),
        arguments("{\"mrtd\":\"" + good48 + "\",\"mrtd\":\"" + good48 + "\"}", "Duplicate"),
        arguments("not json", "not readable"));
  }

  @ParameterizedTest
  @MethodSource("badImageJson")
  void parseJson_badInput_throwsBadRequestNamingField(String json, String messagePart) {
    assertThatThrownBy(() -> ImageMeasurement.parseJson(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessageContaining(messagePart);
  }

  @Test
  void parseJson_oversized_throwsBadRequest() {
    byte[] big = new byte[ImageMeasurement.MAX_JSON_BYTES + 1];
    Arrays.fill(big, (byte) ' ');
    assertThatThrownBy(() -> ImageMeasurement.parseJson(big))
        .isInstanceOf(ReplicatoorException.class)
        .hasMessageContaining("exceeds the limit");
  }

  /** The measurement of a fixture's parsed registers with the given compose and OS image hash. */
  static Measurement measurement(String fixture, Bytes32 composeHash, Bytes32 osImageHash) {
    JsonNode f = Vectors.fixturesExpected(fixture);
    return new Measurement(
        Measurement48.fromHex(f.get("mrtd").asText()),
        Measurement48.fromHex(f.get("rtmr0").asText()),
        Measurement48.fromHex(f.get("rtmr1").asText()),
        Measurement48.fromHex(f.get("rtmr2").asText()),
        composeHash,
        osImageHash);
  }

  /** Builds an image JSON from a fixture's parsed registers. */
  static byte[] imageJson(String fixture, String osImageHash, boolean prefix) {
    JsonNode f = Vectors.fixturesExpected(fixture);
    String p = prefix ? "0x" : "";
    String s =
        imageJson(
            p + f.get("mrtd").asText(),
            p + f.get("rtmr0").asText(),
            p + f.get("rtmr1").asText(),
            p + f.get("rtmr2").asText(),
            osImageHash == null ? "" : ",\"os_image_hash\":\"" + osImageHash + "\"");
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** An image JSON object of the four registers, then {@code more} members as written. */
  static String imageJson(String mrtd, String rtmr0, String rtmr1, String rtmr2, String more) {
    return String.format(
        "{\"mrtd\":\"%s\",\"rtmr0\":\"%s\",\"rtmr1\":\"%s\",\"rtmr2\":\"%s\"%s}",
        mrtd, rtmr0, rtmr1, rtmr2, more);
  }
}
