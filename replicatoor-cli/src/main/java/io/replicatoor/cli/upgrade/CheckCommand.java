package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.ApprovalState;
import io.replicatoor.chain.ChainReaderConfig;
import io.replicatoor.chain.HighWaterMarks;
import io.replicatoor.chain.VerifiedApprovalReader;
import io.replicatoor.chain.VerifiedBlock;
import io.replicatoor.cli.CliEnvironment;
import io.replicatoor.cli.CliHex;
import io.replicatoor.cli.JsonOption;
import io.replicatoor.cli.UsageException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.MeasurementId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code upgrade check}: the TEE's verified read of one measurement id, for owners and auditors.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    customSynopsis = {
      "replicatoor upgrade check --rpc URL[,URL...] [--quorum K] --chain-id ID",
      "        --contract ADDR --code-hash HEX --measurement-id HEX",
      "        [--max-age SECONDS] [--max-lag BLOCKS] [--max-clock-skew SECONDS]",
      "        [--block-tag latest|safe|finalized] [--cache-dir DIR] [--json]"
    },
    description = {
      "Verified read of one measurement id's approval state through untrusted RPC endpoints.",
      "Checks: k-of-n header quorum, recomputed header hash, freshness, account proof with the"
          + " pinned code hash, storage proof."
    })
final class CheckCommand implements Callable<Integer> {
  private static final List<String> BLOCK_TAGS = List.of("latest", "safe", "finalized");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--rpc",
      required = true,
      split = ",",
      paramLabel = "URL",
      description = "the n endpoints (distinct operators)")
  List<String> rpcs;

  @Mixin ContractOption contract;

  @Option(
      names = "--quorum",
      paramLabel = "K",
      description = "endpoints that must agree; default all")
  Integer quorum;

  @Option(
      names = "--code-hash",
      required = true,
      paramLabel = "HEX",
      description = "pinned keccak256 of the contract's runtime code")
  String codeHash;

  @Option(
      names = "--max-age",
      paramLabel = "SECONDS",
      defaultValue = "3600",
      description = "oldest acceptable header age in seconds; default ${DEFAULT-VALUE}")
  long maxAge;

  @Option(
      names = "--block-tag",
      paramLabel = "TAG",
      defaultValue = "latest",
      description = "latest, safe or finalized; default ${DEFAULT-VALUE}")
  String blockTag;

  @Mixin MeasurementIdOption measurementId;

  @Option(
      names = "--max-lag",
      paramLabel = "BLOCKS",
      defaultValue = "0",
      description =
          "blocks the decision may lie below the highest reported head; default "
              + "${DEFAULT-VALUE} (never older)")
  int maxLag;

  @Option(
      names = "--chain-id",
      required = true,
      paramLabel = "ID",
      description = "the chain every endpoint must serve (eth_chainId), e.g. 1 or 31337")
  long chainId;

  @Option(
      names = "--max-clock-skew",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "how far a header's timestamp may lie after this machine's clock; default "
              + "${DEFAULT-VALUE}")
  long maxClockSkew;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description =
          "where the high-water mark is kept; default $XDG_CACHE_HOME/replicatoor "
              + "or ~/.cache/replicatoor")
  Path cacheDir;

  @Mixin JsonOption json;

  @Override
  public Integer call() throws Exception {
    ChainReaderConfig config = config();
    MeasurementId id = measurementId.value();
    // The owner's machine: its clock is the trusted time here (a TEE injects its own). The
    // high-water mark survives between runs, so a later check never goes back to an older block.
    VerifiedApprovalReader reader =
        VerifiedApprovalReader.create(
            config,
            Clock.systemUTC(),
            HighWaterMarks.inDirectory(cacheDir().resolve("high-water-marks")));
    VerifiedBlock b = reader.verifiedBlock();
    ApprovalState s = reader.approval(b, id);
    new UpgradeRenderer(spec, json.requested()).checked(id, s, b, config);
    return 0;
  }

  /** The reader's configuration; every rule it enforces is checked here first, by option name. */
  private ChainReaderConfig config() {
    List<URI> endpoints = new ArrayList<>();
    for (String r : rpcs) {
      endpoints.add(RpcOptions.uri(r));
    }
    if (maxAge <= 0) {
      throw new UsageException("--max-age must be a positive number of seconds, got " + maxAge);
    }
    if (!BLOCK_TAGS.contains(blockTag)) {
      throw new UsageException(
          "--block-tag must be latest, safe or finalized, got '" + blockTag + "'");
    }
    int k = quorum == null ? endpoints.size() : quorum;
    if (k < 1 || k > endpoints.size()) {
      throw new UsageException(
          "--quorum must be between 1 and the number of --rpc endpoints ("
              + endpoints.size()
              + "), got "
              + k);
    }
    if (chainId <= 0) {
      throw new UsageException("--chain-id must be positive, got " + chainId);
    }
    if (maxLag < 0 || maxLag > ChainReaderConfig.MAX_LAG) {
      throw new UsageException(
          "--max-lag must be between 0 and "
              + ChainReaderConfig.MAX_LAG
              + " blocks, got "
              + maxLag);
    }
    if (maxClockSkew < 0) {
      throw new UsageException("--max-clock-skew must not be negative, got " + maxClockSkew);
    }
    Address c = contract.address();
    Bytes32 pinnedCodeHash = CliHex.bytes32(codeHash, "--code-hash");
    try {
      return new ChainReaderConfig(
          chainId,
          endpoints,
          k,
          c,
          pinnedCodeHash,
          Duration.ofSeconds(maxAge),
          blockTag,
          0,
          maxLag,
          Duration.ofSeconds(maxClockSkew),
          ChainReaderConfig.DEFAULT_REQUEST_TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--rpc: " + e.getMessage()); // the endpoint list's own rules
    }
  }

  private Path cacheDir() {
    if (cacheDir != null) {
      return cacheDir;
    }
    return CliEnvironment.cacheDir();
  }
}
