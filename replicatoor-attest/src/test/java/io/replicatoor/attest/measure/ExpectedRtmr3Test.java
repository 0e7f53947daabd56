package io.replicatoor.attest.measure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.testing.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpectedRtmr3Test {

  /**
   * The boot events of a simulator fixture {@code f}: no rootfs hash and no MR_KMS, app id, compose
   * hash and instance id from {@code f}'s events, version 1.
   */
  static DstackBootEvents simulatorEvents(
      JsonNode f, Optional<Bytes32> osImageHash, Bytes keyProvider, Optional<String> storageFs) {
    return new DstackBootEvents(
        Optional.empty(),
        Vectors.payload(f, "app-id"),
        Bytes32.of(Vectors.payload(f, "compose-hash").toByteArray()),
        Vectors.payload(f, "instance-id"),
        Optional.empty(),
        osImageHash,
        keyProvider,
        storageFs,
        1);
  }

  @Test
  void rtmr3_tappdV04Inputs_reproduceQuoteRtmr3() {
    JsonNode f = Vectors.fixturesExpected("ex-report.json");
    Bytes32 compose =
        ReferenceMeasurement.composeHash(
            SharedVectors.read("dstack", "tappd-v0.4-example", "app-compose.json"));
    DstackBootEvents ev =
        new DstackBootEvents(
            Optional.of(Bytes32.of(Vectors.payload(f, "rootfs-hash").toByteArray())),
            ReferenceMeasurement.defaultAppId(compose),
            compose,
            Vectors.payload(f, "instance-id"),
            Optional.empty(),
            Optional.empty(),
            Vectors.payload(f, "key-provider"),
            Optional.empty(),
            1);
    assertThat(ev.rtmr3().toHex())
        .isEqualTo(
            "45c2309ffdc521edbed3f5e651c250dac0e50306d2f93b639f74d60f910b498ca8c489cedae7719c4b052f3e4eadf3a4")
        .isEqualTo(f.get("rtmr3").asText());
  }

  @Test
  void rtmr3_simulatorAttestationInputs_reproduceQuoteRtmr3() {
    JsonNode f = Vectors.fixturesExpected("simulator-attestation.bin");
    DstackBootEvents ev =
        simulatorEvents(
            f,
            Optional.of(Bytes32.of(Vectors.payload(f, "os-image-hash").toByteArray())),
            Vectors.payload(f, "key-provider"),
            Optional.of("zfs"));
    assertThat(ev.rtmr3().toHex()).isEqualTo(f.get("rtmr3").asText());
    assertThat(ev.events())
        .extracting(RuntimeEvent::name)
        .containsExactlyElementsOf(Vectors.runtimeEventNames(f))
        .contains("os-image-hash", "storage-fs");
  }

  @Test
  void rtmr3_simulatorV054Inputs_reproduceQuoteRtmr3AndKeyProviderPayloadBuilds() {
    JsonNode f = Vectors.fixturesExpected("simulator-v0.5.4 quote.hex+eventlog.json");
    Bytes kp = Vectors.payload(f, "key-provider");
    String kpJson = new String(kp.toByteArray(), StandardCharsets.US_ASCII);
    String id = kpJson.substring(kpJson.indexOf("\"id\":\"") + 6, kpJson.length() - 2);
    assertThat(DstackBootEvents.keyProviderPayload("kms", id)).isEqualTo(kp);
    DstackBootEvents ev = simulatorEvents(f, Optional.empty(), kp, Optional.empty());
    assertThat(ev.rtmr3().toHex())
        .isEqualTo(
            "6d1a3da994b6611ee602f25f07b41671ece90cd2898689f1ad4448fdf1155e3668736cca4499659caae2d8044070de57");
    DstackBootEvents otherInstance =
        new DstackBootEvents(
            ev.rootfsHash(),
            ev.appId(),
            ev.composeHash(),
            Bytes.fromHex("00".repeat(20)),
            ev.mrKms(),
            ev.osImageHash(),
            ev.keyProvider(),
            ev.storageFs(),
            1);
    assertThat(otherInstance.rtmr3()).isNotEqualTo(ev.rtmr3());
  }

  @Test
  void legacyRtmr3_originalProjectVector_reproduces3c307870() {
    byte[] compose = SharedVectors.read("dstack", "old-rtmr3-scheme", "docker-compose.yaml");
    byte[] ca = SharedVectors.read("dstack", "old-rtmr3-scheme", "kms-ca.cert");
    assertThat(Digests.sha256(compose).toHex())
        .isEqualTo("3327603e03f5bd1f830812ca4a789277fc31f577573ed149f47e0e2f3558e99e");
    assertThat(Digests.sha256(ca).toHex())
        .isEqualTo("663a81d65c1c749fd4ae4634fa0452553396eb9e956c90b903d47d45ae10d719");
    Measurement48 rtmr3 =
        LegacyRtmr3.compute(
            Bytes32.fromHex("bf06bf167df2d81dd54095e8a540e802dc634a31a96e1a448a20201a63d0bd21"),
            compose,
            ca);
    assertThat(rtmr3.toHex())
        .isEqualTo(
            "3c30787034cd9aabff0347bc8f08b9f24a0f6ae914bbca0f9aba681e857aa57a7a7cc5b0b67231779cdc345f107707c5");
  }
}
