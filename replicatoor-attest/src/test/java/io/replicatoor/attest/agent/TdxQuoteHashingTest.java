package io.replicatoor.attest.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.testing.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TdxQuoteHashingTest {
  private static JsonNode vectors() throws Exception {
    return SharedVectors.json("dstack", "derived", "computed-vectors.json");
  }

  @Test
  void reportData_upstreamUnitVector_matches() throws Exception {
    JsonNode v = vectors().get("upstream_report_data_test");
    byte[] rd =
        TdxQuoteHashing.reportData(
            v.get("algo").asText(),
            v.get("tag").asText(),
            v.get("content").asText().getBytes(StandardCharsets.UTF_8));
    assertThat(Hex.encode(rd)).isEqualTo(v.get("expected").asText());
    assertThat(TdxQuoteHashing.reportData("", "", "test content".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(rd);
  }

  @Test
  void historic_originalProjectSeed_everyEraMatches() throws Exception {
    JsonNode v = vectors().get("seed_report_data");
    byte[] appdata =
        Hex.decode(v.get("seed_appdata_64B (sha256(\"request:\"||pubkey)||00*32)").asText());
    assertThat(Hex.encode(TdxQuoteHashing.historic(TdxQuoteHashing.Era.PLAIN_SHA512, appdata)))
        .isEqualTo(v.get("tappd_2024-09..2024-11-11: sha512(appdata)").asText());
    assertThat(Hex.encode(TdxQuoteHashing.historic(TdxQuoteHashing.Era.KMS_ROOT_CA_TAG, appdata)))
        .isEqualTo(
            v.get("tappd_2024-11-11..2024-12-04: sha512(\"kms-root-ca:\"||appdata)").asText());
    assertThat(Hex.encode(TdxQuoteHashing.historic(TdxQuoteHashing.Era.APP_DATA, appdata)))
        .isEqualTo(
            v.get(
                    "tappd_>=2024-12-04 default (sha512, prefix app-data): sha512(\"app-data:\"||appdata)")
                .asText());
    assertThat(Hex.encode(TdxQuoteHashing.reportData("raw", "", appdata)))
        .isEqualTo(v.get("tappd hash_algorithm=raw: appdata verbatim").asText());
  }

  @Test
  void reportData_shortHashesPaddedAndUnknownRejected() {
    byte[] d = {1, 2, 3};
    byte[] k = TdxQuoteHashing.reportData("keccak256", "app-data", d);
    assertThat(k).hasSize(64);
    assertThat(Arrays.copyOfRange(k, 32, 64)).containsOnly(0);
    byte[] s384 = TdxQuoteHashing.reportData("sha3-384", "x", d);
    assertThat(Arrays.copyOfRange(s384, 48, 64)).containsOnly(0);
    // The documentation trap: a prefix with its own colon hashes "app-data::".
    assertThat(TdxQuoteHashing.reportData("sha512", "app-data:", d))
        .isNotEqualTo(TdxQuoteHashing.reportData("sha512", "app-data", d));
    assertThatThrownBy(() -> TdxQuoteHashing.reportData("md5", "", d))
        .hasMessage("invalid hash algorithm");
    assertThatThrownBy(() -> TdxQuoteHashing.reportData("raw", "", d))
        .hasMessage("invalid content length");
  }
}
