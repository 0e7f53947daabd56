package io.replicatoor.cli;

import static io.replicatoor.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.core.testing.SharedVectors;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void demo_bundledVector_verifiesUpToDateAndPolicyAccepts() throws Exception {
    CliRun r = run("demo", "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode n = r.json();
    assertThat(n.get("status").asText()).isEqualTo("UpToDate");
    assertThat(n.get("trustRoot").asText()).isEqualTo("intel");
    assertThat(n.get("policyResult").asText()).isEqualTo("accepted");
    assertThat(n.get("fmspc").asText()).isEqualTo("0xb0c06f000000");
  }

  @Test
  void demo_bundledQuote_isByteIdenticalToSharedVector() throws Exception {
    byte[] bundled;
    try (var in = DemoCommand.class.getResourceAsStream("/io/replicatoor/cli/demo/quote.bin")) {
      bundled = in.readAllBytes();
    }
    byte[] shared = SharedVectors.read("tdx", "v01-tdx-v4-uptodate-b0c06f", "quote.bin");
    assertThat(bundled).isEqualTo(shared);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bundled)))
        .isEqualTo("c42f9164325024bca2757bc8819b11879a0a369132ea4e2b7c85df4805ea72db");
  }

  @Test
  void demo_textOutput_namesStatus() {
    CliRun r = run("demo");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("TCB status: UpToDate").contains("default policy: accepted");
  }
}
