package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.chain.admin.Deployment;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.handover.Phase;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import io.replicatoor.sim.anvil.Anvil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upgrade register-state --genesis-evidence}: the candidate's evidence from a real simulator
 * agent (INSECURE dev trust root) is verified against a real anvil before anything is sent.
 */
class RegisterStateEvidenceIT {
  @TempDir Path tmp;

  private CliRun register(DevNetwork net, String contract, String... extra) throws Exception {
    Path keyFile = tmp.resolve("owner.key");
    Files.writeString(keyFile, Anvil.KEY_0 + "\n");
    List<String> a =
        new ArrayList<>(
            List.of(
                "upgrade",
                "register-state",
                "--rpc",
                net.rpc().toString(),
                "--contract",
                contract,
                "--key-file",
                keyFile.toString(),
                "--cache-dir",
                tmp.resolve("cache").toString(),
                "--json"));
    a.addAll(List.of(extra));
    CliRun r = CliRun.run(a.toArray(String[]::new));
    assertThat(r.out() + r.err()).doesNotContain(Anvil.KEY_0.substring(2));
    return r;
  }

  /**
   * {@code register-state --genesis-evidence EVIDENCE} checked with the dev network's trust root
   * and collateral.
   */
  private CliRun registerChecked(DevNetwork net, String contract, Path evidence) throws Exception {
    return register(
        net,
        contract,
        "--genesis-evidence",
        evidence.toString(),
        "--trust-root",
        net.trustRootPem().toString(),
        "--collateral",
        net.collateral().toString());
  }

  private String registered(DevNetwork net, String contract) throws Exception {
    CliRun s =
        CliRun.run(
            "upgrade", "status", "--rpc", net.rpc().toString(), "--contract", contract, "--json");
    assertThat(s.exitCode()).as(s.out() + s.err()).isZero();
    return s.json().get("stateFingerprint").asText();
  }

  private Path write(GenesisEvidence g) throws Exception {
    return Files.write(tmp.resolve("genesis.json"), g.encode());
  }

  @Test
  void verifiedEvidenceIsRegisteredAndEverythingElseIsRefusedBeforeSending() throws Exception {
    try (DevNetwork net = DevNetwork.start(tmp.resolve("net"))) {
      EmbeddedReplicatoor a = net.instance("app-v1", "a", true).start();
      GenesisEvidence g = a.genesis();
      Path file = write(g);
      String c = net.deployment().contract().toPrefixedHex();
      String zero = "0x" + "00".repeat(32);
      String coll = net.collateral().toString();

      CliRun both =
          register(
              net,
              c,
              "--genesis-evidence",
              file.toString(),
              "--fingerprint",
              "0x" + "11".repeat(32));
      assertThat(both.exitCode()).isEqualTo(2);

      // The production root refuses the simulator's quote.
      CliRun production =
          register(net, c, "--genesis-evidence", file.toString(), "--collateral", coll);
      assertThat(production.exitCode()).as(production.out()).isNotZero();
      assertThat(registered(net, c)).isEqualTo(zero);

      // Evidence for another contract.
      Deployment other = net.deployAnother();
      CliRun wrongContract = registerChecked(net, other.contract().toPrefixedHex(), file);
      wrongContract.assertError(1, "BINDING_MISMATCH");

      // A forged quote (one byte of the signature area flipped).
      String text = new String(g.encode(), StandardCharsets.UTF_8);
      int q = text.indexOf("\"quote\":\"") + 9;
      int end = text.indexOf('"', q);
      char ch = text.charAt(end - 200);
      String forged =
          text.substring(0, end - 200) + (ch == '0' ? '1' : '0') + text.substring(end - 199);
      Path forgedFile = Files.writeString(tmp.resolve("forged.json"), forged);
      CliRun bad = registerChecked(net, c, forgedFile);
      assertThat(bad.exitCode()).as(bad.out()).isNotZero();
      assertThat(registered(net, c)).isEqualTo(zero);

      // The genuine evidence: verified, sent, and the candidate starts serving.
      CliRun ok = registerChecked(net, c, file);
      assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
      assertThat(ok.err()).contains("development only");
      assertThat(registered(net, c)).isEqualTo("0x" + g.fingerprint().toHex());
      net.advance(1);
      assertThat(a.refresh().phase()).isEqualTo(Phase.SERVING);

      // Once registered, a second genesis evidence is refused before sending.
      CliRun again = registerChecked(net, c, file);
      again.assertError(1, "GENESIS_NOT_ALLOWED");

      // --fingerprint alone still works, with a warning.
      CliRun unchecked =
          register(net, other.contract().toPrefixedHex(), "--fingerprint", "0x" + "5a".repeat(32));
      assertThat(unchecked.exitCode()).as(unchecked.out() + unchecked.err()).isZero();
      assertThat(unchecked.err()).contains("warning: --fingerprint without --genesis-evidence");
    }
  }

  @Test
  void aRevokedCandidateIsRefused() throws Exception {
    try (DevNetwork net = DevNetwork.start(tmp.resolve("net"))) {
      EmbeddedReplicatoor a = net.instance("app-v1", "a", true).start();
      GenesisEvidence g = a.genesis();
      net.revoke(MeasurementId.fromHex(a.status().measurementId()));
      String c = net.deployment().contract().toPrefixedHex();
      CliRun r = registerChecked(net, c, write(g));
      r.assertError(1, "MEASUREMENT_REVOKED");
      assertThat(registered(net, c)).isEqualTo("0x" + "00".repeat(32));
    }
  }
}
