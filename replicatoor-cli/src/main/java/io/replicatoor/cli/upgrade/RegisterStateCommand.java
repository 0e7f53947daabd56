package io.replicatoor.cli.upgrade;

import io.replicatoor.attest.collateral.fetch.PcsCollateralFetcher;
import io.replicatoor.attest.handover.CollateralSource;
import io.replicatoor.attest.handover.DcapPeerVerifier;
import io.replicatoor.attest.policy.QuotePolicy;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.chain.Address;
import io.replicatoor.chain.ChainReaderConfig;
import io.replicatoor.chain.HighWaterMarks;
import io.replicatoor.chain.VerifiedApprovalReader;
import io.replicatoor.chain.admin.TxResult;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.chain.handover.ChainApprovalReader;
import io.replicatoor.cli.CliEnvironment;
import io.replicatoor.cli.CliFiles;
import io.replicatoor.cli.CliHex;
import io.replicatoor.cli.UsageException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.embed.GenesisEvidenceCheck;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code upgrade register-state}: registers the genesis state fingerprint (once). With {@code
 * --genesis-evidence} the candidate's evidence is verified first (DCAP, policy, event-log replay,
 * approved measurement at a verified block, fingerprint bound by the quote) and nothing is sent
 * unless all of it passes; {@code --fingerprint} alone sends an unchecked fingerprint, with a
 * warning.
 */
@Command(
    name = "register-state",
    mixinStandardHelpOptions = true,
    description = {
      "Register the application's state fingerprint (genesis); succeeds once.",
      "With --genesis-evidence FILE (the candidate's genesis() answer) the quote is verified"
          + " (DCAP, policy, event-log replay), its measurement must be approved and active at a"
          + " verified block and its REPORTDATA must bind the fingerprint, before anything is sent."
    })
final class RegisterStateCommand extends ContractAdminCommand {
  static final String UNCHECKED_WARNING =
      "warning: --fingerprint without --genesis-evidence registers a fingerprint nobody verified"
          + " came from a genuine, approved instance; prefer --genesis-evidence FILE";

  @Option(
      names = "--fingerprint",
      paramLabel = "HEX",
      description = "State fingerprint (32 bytes), unchecked (prefer --genesis-evidence).")
  String fingerprint;

  @Option(
      names = "--genesis-evidence",
      paramLabel = "FILE",
      description = "The candidate's genesis evidence JSON; verified before sending.")
  Path genesisEvidence;

  @Option(
      names = "--code-hash",
      paramLabel = "HEX",
      description = "Pinned keccak256 of the contract's runtime code; default: read from --rpc.")
  String codeHash;

  @Option(
      names = "--collateral",
      paramLabel = "PATH",
      description = "Collateral (dcap-qvl JSON or PCS folder); default: Intel PCS, cached.")
  Path collateral;

  @Option(
      names = "--trust-root",
      paramLabel = "PEM",
      description = "Development only: replace the pinned Intel SGX Root CA (simulator quotes).")
  Path trustRoot;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "High-water marks and collateral cache; default ~/.cache/replicatoor.")
  Path cacheDir;

  @Override
  public Integer call() throws Exception {
    if ((fingerprint == null) == (genesisEvidence == null)) {
      throw new UsageException("give exactly one of --genesis-evidence FILE or --fingerprint HEX");
    }
    if (fingerprint != null && (trustRoot != null || collateral != null || codeHash != null)) {
      throw new UsageException(
          "--trust-root, --collateral and --code-hash only apply to --genesis-evidence");
    }
    Address c = contract.address();
    TxResult r;
    Bytes32 f;
    try (UpgradeAdmin admin = connect()) {
      if (genesisEvidence != null) {
        f = verified(admin, c);
      } else {
        f = CliHex.bytes32(fingerprint, "--fingerprint");
        spec.commandLine().getErr().println(UNCHECKED_WARNING);
        spec.commandLine().getErr().flush();
      }
      r = admin.registerStateKey(c, f);
    }
    renderer().stateRegistered(f, r);
    return 0;
  }

  /** Verifies the evidence file; the fingerprint to register, or an exception (nothing sent). */
  private Bytes32 verified(UpgradeAdmin admin, Address c) throws Exception {
    GenesisEvidence ev =
        GenesisEvidence.parse(CliFiles.read(genesisEvidence, "--genesis-evidence"));
    Path cache = cacheDir != null ? cacheDir : CliEnvironment.cacheDir();
    Bytes32 pinned = codeHash != null ? CliHex.bytes32(codeHash, "--code-hash") : admin.codeHash(c);
    VerifiedApprovalReader reader =
        VerifiedApprovalReader.create(
            ChainReaderConfig.of(
                admin.chainId(), List.of(rpc.uri()), 1, c, pinned, Duration.ofHours(1)),
            Clock.systemUTC(),
            HighWaterMarks.inDirectory(cache.resolve("high-water-marks")));
    CollateralSource source =
        collateral != null
            ? CollateralSource.directory(collateral)
            : CollateralSource.pcs(
                PcsCollateralFetcher.builder(PcsCollateralFetcher.INTEL_PCS, cache.resolve("pcs"))
                    .build());
    DcapPeerVerifier verifier;
    if (trustRoot == null) {
      verifier =
          DcapPeerVerifier.create(
              QuoteVerifier.intelProduction(), QuotePolicy.defaults(), source, true);
    } else {
      spec.commandLine()
          .getErr()
          .println("warning: custom trust root: development only, never use in production");
      verifier =
          DcapPeerVerifier.insecureDevelopment(
              QuoteVerifier.insecureWithCustomTrustRoot(readRoot(trustRoot)),
              QuotePolicy.builder().insecureAllowCustomTrustRoot().build(),
              source,
              true);
    }
    GenesisEvidenceCheck.Accepted ok =
        GenesisEvidenceCheck.verify(
            ev,
            admin.chainId(),
            EthereumAddress.of(c.toByteArray()),
            verifier,
            new ChainApprovalReader(reader),
            Clock.systemUTC().instant());
    return Bytes32.of(ok.fingerprint().toByteArray());
  }

  private static X509Certificate readRoot(Path p) {
    byte[] pem = CliFiles.read(p, "--trust-root");
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(pem));
    } catch (CertificateException | ClassCastException e) {
      throw new UsageException("--trust-root " + p + " is not an X.509 certificate (PEM or DER)");
    }
  }
}
