package io.replicatoor.cli;

import static io.replicatoor.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.testing.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real command in-process on the shared vectors. */
class VerifyQuoteCommandTest {
  @TempDir Path tmp;

  static String v(String vector, String file) {
    return SharedVectors.vectors("tdx", vector, file).toString();
  }

  /** {@code verify-quote} on a vector's quote and {@code collateral.json} at {@code at}. */
  static CliRun verifyQuote(String vector, String at, String... more) {
    return CliRun.run(CliRun.args(quoteArgs("verify-quote", vector, at), more));
  }

  /** {@code command --quote Q --collateral C --at AT} for a vector's quote and collateral. */
  static List<String> quoteArgs(String command, String vector, String at) {
    return List.of(
        command,
        "--quote",
        v(vector, "quote.bin"),
        "--collateral",
        v(vector, "collateral.json"),
        "--at",
        at);
  }

  static String dir(String vector) {
    return SharedVectors.vectors("tdx", vector).toString();
  }

  static final String V01 = "v01-tdx-v4-uptodate-b0c06f";
  static final String V02 = "v02-tdx-v5-td15-tcb-not-supported-90c06f";
  static final String V04 = "v04-tdx-v5-td15-uptodate-90c06f-alibaba";
  static final String V05 = "v05-tdx-v4-outofdate-00806f05-2506";
  static final String P01 = "p01-parse-only-dummy-tdx-dcap";

  @Test
  void verifyQuote_v01WithJsonCollateral_exit0AndFields() throws Exception {
    CliRun r = verifyQuote(V01, "1751328000", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("status").asText()).isEqualTo("UpToDate");
    assertThat(j.get("advisoryIds").size()).isZero();
    assertThat(j.get("fmspc").asText()).isEqualTo("0xb0c06f000000");
    assertThat(j.get("version").asInt()).isEqualTo(4);
    assertThat(j.get("teeType").asText()).isEqualTo("TDX");
    assertThat(j.get("mrTd").asText())
        .isEqualTo(
            "0x91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7");
    assertThat(j.get("rtmr0").asText()).startsWith("0x44c0197b39157fdd");
    assertThat(j.get("rtmr3").asText()).isEqualTo("0x" + "00".repeat(48));
    assertThat(j.get("reportData").asText()).startsWith("0x9a9d48e7f6799642");
    assertThat(j.get("mrConfigId").asText()).isEqualTo("0x" + "00".repeat(48));
    assertThat(j.get("tdAttributes").asText()).isEqualTo("0x0000001000000000");
    assertThat(j.get("tcbEvaluationDataNumber").asInt()).isEqualTo(17);
    assertThat(j.get("trustRoot").asText()).isEqualTo("intel");
  }

  @Test
  void verifyQuote_pcsDirectoryAndIsoTime_exit0OutOfDate() throws Exception {
    CliRun r =
        run(
            "verify-quote",
            "--quote",
            v(V05, "quote.bin"),
            "--collateral",
            dir(V05),
            "--at",
            "2025-06-05T03:45:00Z",
            "--json");
    assertThat(r.exitCode()).isZero();
    assertThat(r.json().get("status").asText()).isEqualTo("OutOfDate");
    assertThat(r.json().get("advisoryIds").toString())
        .isEqualTo("[\"INTEL-SA-00960\",\"INTEL-SA-00982\",\"INTEL-SA-00986\"]");
  }

  @Test
  void verifyQuote_tcbNotSupported_exit1WithCode() throws Exception {
    CliRun r = verifyQuote(V02, "1772323200", "--json");
    r.assertError(1, "TCB_NOT_SUPPORTED");
  }

  @Test
  void verifyQuote_expiredCollateral_exit1CollateralExpired() throws Exception {
    CliRun r = verifyQuote(V01, "2025-07-19T10:00:36Z", "--json");
    r.assertError(1, "COLLATERAL_EXPIRED");
  }

  @Test
  void verifyQuote_policyDefaultOnServiceTd_exit3ListsViolation() throws Exception {
    CliRun r = verifyQuote(V04, "1749945600", "--json", "--policy", "default");
    r.assertError(3, "POLICY_VIOLATION");
    assertThat(r.json().get("message").asText()).contains("mr_service_td");
  }

  @Test
  void verifyQuote_policyDefaultOnV01_exit0Accepted() throws Exception {
    CliRun r = verifyQuote(V01, "1751328000", "--json", "--policy", "default");
    assertThat(r.exitCode()).isZero();
    assertThat(r.json().get("policyResult").asText()).isEqualTo("accepted");
  }

  @Test
  void verifyQuote_hexQuoteWithoutCollateral_exit0StatusNull() throws Exception {
    byte[] raw = Files.readAllBytes(Path.of(v(P01, "quote.bin")));
    Path hex = tmp.resolve("quote.hex");
    Files.writeString(hex, "0x" + HexFormat.of().formatHex(raw) + "\n");
    CliRun r =
        run("verify-quote", "--quote", hex.toString(), "--at", "2025-01-01T00:00:00Z", "--json");
    assertThat(r.exitCode()).isZero();
    assertThat(r.json().get("status").isNull()).isTrue();
    assertThat(r.json().get("mrTd").asText()).startsWith("0x47a1cc074b914df8");
  }

  @Test
  void verifyQuote_withoutCollateralCorruptedSignature_exit1() throws Exception {
    byte[] raw = Files.readAllBytes(Path.of(v(P01, "quote.bin")));
    raw[100] ^= 1;
    Path q = tmp.resolve("bad.bin");
    Files.write(q, raw);
    CliRun r =
        run("verify-quote", "--quote", q.toString(), "--at", "2025-01-01T00:00:00Z", "--json");
    r.assertError(1, "QUOTE_SIGNATURE_INVALID");
  }

  @Test
  void verifyQuote_truncatedQuote_exit1QuoteMalformed() throws Exception {
    Path q = tmp.resolve("short.bin");
    Files.write(q, Arrays.copyOf(Files.readAllBytes(Path.of(v(P01, "quote.bin"))), 700));
    CliRun r = run("verify-quote", "--quote", q.toString(), "--json");
    r.assertError(1, "QUOTE_MALFORMED");
  }

  @Test
  void verifyQuote_customTrustRoot_marksCustom() throws Exception {
    CliRun r =
        verifyQuote(
            V01,
            "1751328000",
            "--json",
            "--trust-root",
            SharedVectors.vectors("tdx", "intel_sgx_root_ca.pem").toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.json().get("trustRoot").asText()).isEqualTo("custom");
    assertThat(r.json().get("warning").asText()).contains("development only");
  }

  @Test
  void verifyQuote_usageErrors_exit2() throws Exception {
    assertThat(run("verify-quote", "--json").exitCode()).isEqualTo(2);
    CliRun missing = run("verify-quote", "--quote", tmp.resolve("nope").toString(), "--json");
    missing.assertError(2, "USAGE");
    assertThat(
            run("verify-quote", "--quote", v(V01, "quote.bin"), "--at", "yesterday", "--json")
                .exitCode())
        .isEqualTo(2);
    assertThat(
            run("verify-quote", "--quote", v(V01, "quote.bin"), "--policy", "lax", "--json")
                .exitCode())
        .isEqualTo(2);
    assertThat(
            run(
                    "verify-quote",
                    "--quote",
                    v(V01, "quote.bin"),
                    "--collateral",
                    tmp.resolve("nope").toString())
                .exitCode())
        .isEqualTo(2);
    assertThat(
            run("verify-quote", "--quote", v(V01, "quote.bin"), "--trust-root", v(V01, "quote.bin"))
                .exitCode())
        .isEqualTo(2);
  }

  @Test
  void verifyQuote_textOutput_exit0() {
    CliRun r = verifyQuote(V01, "1751328000");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("status: UpToDate").contains("fmspc: 0xb0c06f000000");
  }

  @Test
  void verifyQuote_isoDateOrDateTimeWithoutOffset_readAsUtc() throws Exception {
    for (String at : new String[] {"2025-07-01", "2025-07-01T00:00:00", "2025-07-01T00:00Z"}) {
      CliRun r = verifyQuote(V01, at, "--json");
      assertThat(r.exitCode()).as(at).isZero();
      assertThat(r.json().get("verifiedAt").asText()).as(at).isEqualTo("2025-07-01T00:00:00Z");
    }
  }

  @Test
  void verifyQuote_policyViolationsJson_everyViolationInArray() throws Exception {
    String v08 = "v08-sgx-v3-config-and-sw-hardening-00a067";
    CliRun r =
        run(
            "verify-quote",
            "--quote",
            v(v08, "quote.bin"),
            "--collateral",
            dir(v08),
            "--at",
            "1751328000",
            "--policy",
            "default",
            "--json");
    assertThat(r.exitCode()).isEqualTo(3);
    JsonNode j = r.json();
    assertThat(j.get("error").asText()).isEqualTo("POLICY_VIOLATION");
    assertThat(j.get("violations").size()).isEqualTo(2);
    assertThat(j.get("violations").get(0).get("rule").asText()).isEqualTo("tcb_status");
    assertThat(j.get("violations").get(0).get("detail").asText())
        .contains("ConfigurationAndSWHardeningNeeded");
    assertThat(j.get("violations").get(1).get("rule").asText()).isEqualTo("tee_type");
    assertThat(j.get("message").asText()).contains("tcb_status").contains("tee_type");
  }

  @Test
  void verifyQuote_nonexistentQuoteFile_usageSaysDoesNotExist() throws Exception {
    CliRun r = run("verify-quote", "--quote", tmp.resolve("nope").toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("message").asText()).contains("does not exist");
  }

  @Test
  void verifyQuote_hexWithUtf8Bom_decodedAsHex() throws Exception {
    byte[] raw = Files.readAllBytes(Path.of(v(V01, "quote.bin")));
    Path f = tmp.resolve("bom.hex");
    byte[] hex = (HexFormat.of().formatHex(raw) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] withBom = new byte[hex.length + 3];
    withBom[0] = (byte) 0xef;
    withBom[1] = (byte) 0xbb;
    withBom[2] = (byte) 0xbf;
    System.arraycopy(hex, 0, withBom, 3, hex.length);
    Files.write(f, withBom);
    CliRun r = run("verify-quote", "--quote", f.toString(), "--json");
    assertThat(r.exitCode()).isZero();
    assertThat(r.json().get("fmspc").asText()).isEqualTo("0xb0c06f000000");
  }
}
