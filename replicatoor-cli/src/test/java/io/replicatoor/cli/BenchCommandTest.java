package io.replicatoor.cli;

import static io.replicatoor.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.testing.SharedVectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the real {@code bench verify-quote} in-process with a tiny budget; checks format, not speed.
 */
class BenchCommandTest {
  static final String V01 = "v01-tdx-v4-uptodate-b0c06f";

  /**
   * {@code bench verify-quote} on a vector's quote and {@code collateral.json} at {@code at}, for
   * {@code seconds}.
   */
  static CliRun bench(String vector, String at, String seconds, String... more) {
    List<String> a = new ArrayList<>(List.of("bench"));
    a.addAll(VerifyQuoteCommandTest.quoteArgs("verify-quote", vector, at));
    a.addAll(List.of("--seconds", seconds));
    return run(CliRun.args(a, more));
  }

  @Test
  void verifyQuote_v01TinyBudget_printsWarmAndColdLines() {
    CliRun r = bench(V01, "2025-07-01T00:00:00Z", "0", "--warmup-seconds", "0");

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).matches("warm: \\d+\\.\\d{3} ms/quote");
    assertThat(lines.get(1)).matches("cold: \\d+\\.\\d{3} ms/quote");
    assertThat(lines).contains("status: UpToDate");
    assertThat(lines).anyMatch(l -> l.matches("iterations: warm [1-9]\\d*, cold [1-9]\\d*"));
  }

  @Test
  void verifyQuote_jsonWithPcsFolderAndUnixTime_reportsStatusAndAdvisories() throws Exception {
    String v05 = "v05-tdx-v4-outofdate-00806f05-2506";
    CliRun r =
        run(
            "bench",
            "verify-quote",
            "--quote",
            VerifyQuoteCommandTest.v(v05, "quote.bin"),
            "--collateral",
            SharedVectors.vectors("tdx", v05).toString(),
            "--at",
            "1749095100",
            "--seconds",
            "0.05",
            "--warmup-seconds",
            "0",
            "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = r.json();
    assertThat(n.get("warmMsPerQuote").asDouble()).isPositive();
    assertThat(n.get("coldMsPerQuote").asDouble()).isPositive();
    assertThat(n.get("warmIterations").asLong()).isPositive();
    assertThat(n.get("coldIterations").asLong()).isPositive();
    assertThat(n.get("status").asText()).isEqualTo("OutOfDate");
    assertThat(n.get("advisoryIds").toString())
        .isEqualTo("[\"INTEL-SA-00960\",\"INTEL-SA-00982\",\"INTEL-SA-00986\"]");
  }

  @Test
  void verifyQuote_quoteThatFailsVerification_exitsOneWithItsCode() throws Exception {
    String v02 = "v02-tdx-v5-td15-tcb-not-supported-90c06f";
    CliRun r = bench(v02, "1772323200", "0", "--json");

    r.assertError(1, "TCB_NOT_SUPPORTED");
  }

  @Test
  void verifyQuote_collateralExpiredAtT_exitsOneCollateralExpired() throws Exception {
    CliRun r = bench(V01, "2025-07-19T10:00:36Z", "0", "--json");

    r.assertError(1, "COLLATERAL_EXPIRED");
  }

  @Test
  void verifyQuote_badInstant_exitsTwo() {
    CliRun r = bench(V01, "yesterday", "0");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--at 'yesterday' is not a time");
  }

  @Test
  void verifyQuote_missingQuoteFile_exitsTwo() {
    CliRun r =
        run(
            "bench",
            "verify-quote",
            "--quote",
            "/nonexistent/quote.bin",
            "--collateral",
            VerifyQuoteCommandTest.v(V01, "collateral.json"),
            "--at",
            "1751328000",
            "--seconds",
            "0");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--quote /nonexistent/quote.bin does not exist");
  }

  @Test
  void verifyQuote_negativeSeconds_exitsTwo() {
    CliRun r = bench(V01, "1751328000", "-1");

    assertThat(r.exitCode()).isEqualTo(2);
  }

  @Test
  void bench_withoutSubcommand_exitsTwo() {
    assertThat(run("bench").exitCode()).isEqualTo(2);
  }
}
