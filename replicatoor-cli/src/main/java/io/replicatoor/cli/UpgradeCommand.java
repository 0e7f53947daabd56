package io.replicatoor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.measure.ImageMeasurement;
import io.replicatoor.attest.measure.ReferenceMeasurement;
import io.replicatoor.chain.Address;
import io.replicatoor.chain.ApprovalState;
import io.replicatoor.chain.ChainReaderConfig;
import io.replicatoor.chain.UpgradePolicy;
import io.replicatoor.chain.VerifiedBlock;
import io.replicatoor.chain.admin.ApprovalEntry;
import io.replicatoor.chain.admin.ContractStatus;
import io.replicatoor.chain.admin.Deployment;
import io.replicatoor.chain.admin.Proposal;
import io.replicatoor.chain.admin.SigningKey;
import io.replicatoor.chain.admin.TxResult;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.Measurement;
import io.replicatoor.core.measure.MeasurementId;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code replicatoor upgrade}: owner tooling for the UpgradeOperator contract and the verified
 * (untrusted-RPC) read that instances use. See {@code docs/upgrade-governance.md}.
 */
@Command(
    name = "upgrade",
    mixinStandardHelpOptions = true,
    description = "Upgrade governance: deploy, propose, cancel, revoke, register-state, status, check.",
    subcommands = {
      UpgradeCommand.Deploy.class,
      UpgradeCommand.Propose.class,
      UpgradeCommand.Cancel.class,
      UpgradeCommand.Revoke.class,
      UpgradeCommand.RegisterState.class,
      UpgradeCommand.Status.class,
      UpgradeCommand.Check.class
    })
public final class UpgradeCommand implements Runnable {
  /** Environment lookup (a seam so tests can supply key variables without a real environment). */
  static volatile Supplier<Map<String, String>> environment = System::getenv;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  // ---- shared options -----------------------------------------------------------------------

  /** The owner's RPC endpoint (trusted by the owner tooling) and output mode. */
  static final class RpcOptions {
    @Option(names = "--rpc", required = true, paramLabel = "URL", description = "JSON-RPC endpoint")
    String rpc;

    @Option(names = "--json", description = "print one JSON object on stdout")
    boolean json;

    URI uri() {
      try {
        URI u = URI.create(rpc);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
          throw new UsageException("--rpc must be an http(s) URL");
        }
        return u;
      } catch (IllegalArgumentException e) {
        throw new UsageException("--rpc is not a URL");
      }
    }
  }

  /** Where the signing key comes from; exactly one source. */
  static final class KeySource {
    @Option(names = "--key-file", paramLabel = "FILE",
        description = "Ethereum JSON keystore (password from --password-env) or a file with a hex private key")
    Path keyFile;

    @Option(names = "--key-env", paramLabel = "VAR",
        description = "environment variable holding a hex private key")
    String keyEnv;
  }

  /** Key options shared by the transaction commands. */
  static final class KeyOptions {
    @ArgGroup(exclusive = true, multiplicity = "1")
    KeySource source;

    @Option(names = "--password-env", paramLabel = "VAR",
        description = "environment variable holding the keystore password")
    String passwordEnv;

    SigningKey load() throws ReplicatoorException {
      Map<String, String> env = environment.get();
      if (source.keyFile != null) {
        return SigningKey.fromFile(source.keyFile, passwordEnv, env);
      }
      return SigningKey.fromEnv(source.keyEnv, env);
    }
  }

  static Address address(String hex, String option) {
    try {
      return Address.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  static Bytes32 bytes32(String hex, String option) {
    try {
      return Bytes32.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  static MeasurementId measurementId(String hex, String option) {
    try {
      return MeasurementId.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  static void print(CommandLine.Model.CommandSpec spec, String line) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(line);
    out.flush();
  }

  static ObjectNode obj() {
    return JsonOutput.mapper().createObjectNode();
  }

  /** "in 47h 59m" / "3h 2m ago" relative to chain time. */
  static String relative(long at, long now) {
    long d = Math.abs(at - now);
    String span = (d / 3600) + "h " + ((d % 3600) / 60) + "m";
    return at > now ? "in " + span : span + " ago";
  }

  static ObjectNode block(long number, Bytes32 hash, long timestamp) {
    ObjectNode b = obj();
    b.put("number", number);
    b.put("hash", hash.toPrefixedHex());
    b.put("timestamp", timestamp);
    return b;
  }

  // ---- deploy ------------------------------------------------------------------------------

  /** Deploys a new UpgradeOperator. */
  @Command(name = "deploy", mixinStandardHelpOptions = true,
      description = "Deploy UpgradeOperator(owner, guardian, delay); prints address and code hash.")
  static final class Deploy implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RpcOptions rpc;
    @Mixin KeyOptions key;

    @Option(names = "--delay", paramLabel = "SECONDS", defaultValue = "172800",
        description = "activation delay, at least 172800 (48 h); default ${DEFAULT-VALUE}")
    long delay;

    @Option(names = "--owner", paramLabel = "ADDR", description = "owner (e.g. a multisig); default the signer")
    String owner;

    @Option(names = "--guardian", paramLabel = "ADDR", description = "guardian (cancel/revoke only); default none")
    String guardian;

    @Override
    public Integer call() throws Exception {
      if (delay < UpgradeAdmin.MIN_DELAY_SECONDS) {
        throw new UsageException("--delay " + delay + " is below the 48-hour minimum (172800)");
      }
      SigningKey k = key.load();
      Address o = owner == null ? k.address() : address(owner, "--owner");
      Address g = guardian == null ? Address.ZERO : address(guardian, "--guardian");
      Deployment d;
      try (UpgradeAdmin admin = UpgradeAdmin.connect(rpc.uri(), k)) {
        d = admin.deploy(o, g, delay);
      }
      if (rpc.json) {
        ObjectNode n = obj();
        n.put("contract", d.contract().toPrefixedHex());
        n.put("codeHash", d.codeHash().toPrefixedHex());
        n.put("delaySeconds", d.delaySeconds());
        n.put("owner", d.owner().toPrefixedHex());
        n.put("guardian", d.guardian().toPrefixedHex());
        n.put("tx", d.tx().toPrefixedHex());
        n.put("block", d.blockNumber());
        print(spec, JsonOutput.write(n));
      } else {
        print(spec, "contract   " + d.contract() + "\ncode hash  " + d.codeHash().toPrefixedHex()
            + "\ndelay      " + d.delaySeconds() + " s\nowner      " + d.owner()
            + "\nguardian   " + d.guardian() + "\ntx         " + d.tx().toPrefixedHex());
      }
      return 0;
    }
  }

  // ---- propose -----------------------------------------------------------------------------

  /** Measurement from files: app-compose.json and the image JSON of dstack-mr. */
  static final class FromFiles {
    @Option(names = "--compose", required = true, paramLabel = "FILE",
        description = "exact app-compose.json bytes (hashed with SHA-256)")
    Path compose;

    @Option(names = "--image", required = true, paramLabel = "FILE",
        description = "image registers JSON {mrtd, rtmr0, rtmr1, rtmr2[, os_image_hash]}")
    Path image;
  }

  /** Measurement from hex parts. */
  static final class FromHex {
    @Option(names = "--mrtd", required = true, paramLabel = "HEX") String mrtd;
    @Option(names = "--rtmr0", required = true, paramLabel = "HEX") String rtmr0;
    @Option(names = "--rtmr1", required = true, paramLabel = "HEX") String rtmr1;
    @Option(names = "--rtmr2", required = true, paramLabel = "HEX") String rtmr2;
    @Option(names = "--compose-hash", required = true, paramLabel = "HEX") String composeHash;
    @Option(names = "--os-image-hash", paramLabel = "HEX",
        description = "bind the dstack OS image hash; default 32 zero bytes") String osImageHash;
  }

  /** Exactly one way to give the measurement. */
  static final class MeasurementSource {
    @ArgGroup(exclusive = false) FromFiles files;
    @ArgGroup(exclusive = false) FromHex hex;

    Measurement parts() throws ReplicatoorException {
      if (files != null) {
        byte[] compose = read(files.compose);
        byte[] image = read(files.image);
        return ReferenceMeasurement.compute(compose, ImageMeasurement.parseJson(image))
            .measurement();
      }
      try {
        return Measurement.fromHex(hex.mrtd, hex.rtmr0, hex.rtmr1, hex.rtmr2,
            hex.composeHash, hex.osImageHash);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }

    private static byte[] read(Path p) {
      try {
        if (Files.size(p) > ImageMeasurement.MAX_JSON_BYTES * 16L) {
          throw new UsageException(p + " is too large");
        }
        return Files.readAllBytes(p);
      } catch (IOException e) {
        throw new UsageException("cannot read " + p);
      }
    }
  }

  /** Proposes a measurement; it becomes active after the contract's delay. */
  @Command(name = "propose", mixinStandardHelpOptions = true,
      description = "Propose a measurement (--compose/--image or hex parts); active after the delay.")
  static final class Propose implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RpcOptions rpc;
    @Mixin KeyOptions key;

    @Option(names = "--contract", required = true, paramLabel = "ADDR") String contract;

    @ArgGroup(exclusive = true, multiplicity = "1") MeasurementSource source;

    @Option(names = "--description", paramLabel = "TEXT",
        description = "URI or text for users (emitted as ProposalDescribed)")
    String description;

    @Override
    public Integer call() throws Exception {
      Measurement parts = source.parts();
      Address c = address(contract, "--contract");
      Proposal p;
      try (UpgradeAdmin admin = UpgradeAdmin.connect(rpc.uri(), key.load())) {
        p = admin.propose(c, parts, description);
      }
      if (rpc.json) {
        ObjectNode n = obj();
        n.put("measurementId", p.measurementId().toPrefixedHex());
        n.put("activeAt", p.activeAt());
        n.put("tx", p.tx().toPrefixedHex());
        print(spec, JsonOutput.write(n));
      } else {
        print(spec, "measurement id " + p.measurementId().toPrefixedHex() + "\nactive at      "
            + Instant.ofEpochSecond(p.activeAt()) + " (unix " + p.activeAt() + ")\ntx             " + p.tx().toPrefixedHex());
      }
      return 0;
    }
  }

  // ---- cancel / revoke / register-state ----------------------------------------------------

  abstract static class IdTx implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RpcOptions rpc;
    @Mixin KeyOptions key;
    @Option(names = "--contract", required = true, paramLabel = "ADDR") String contract;

    abstract TxResult send(UpgradeAdmin admin, Address c) throws ReplicatoorException;

    abstract void describe(ObjectNode n);

    @Override
    public Integer call() throws Exception {
      Address c = address(contract, "--contract");
      TxResult r;
      try (UpgradeAdmin admin = UpgradeAdmin.connect(rpc.uri(), key.load())) {
        r = send(admin, c);
      }
      ObjectNode n = obj();
      describe(n);
      n.put("tx", r.tx().toPrefixedHex());
      n.put("block", r.blockNumber());
      if (rpc.json) {
        print(spec, JsonOutput.write(n));
      } else {
        StringBuilder sb = new StringBuilder();
        n.fields().forEachRemaining(e -> sb.append(String.format("%-18s %s%n", e.getKey(), e.getValue().asText())));
        print(spec, sb.toString().strip());
      }
      return 0;
    }
  }

  /** The admin call behind a {@link MeasurementIdTx}. */
  @FunctionalInterface
  interface MeasurementIdCall {
    TxResult send(UpgradeAdmin admin, Address contract, MeasurementId measurementId)
        throws ReplicatoorException;
  }

  /** A transaction that moves one measurement id to a final state. */
  abstract static class MeasurementIdTx extends IdTx {
    @Option(names = "--measurement-id", required = true, paramLabel = "HEX") String id;

    private final MeasurementIdCall call;
    private final String state;

    MeasurementIdTx(MeasurementIdCall call, String state) {
      this.call = call;
      this.state = state;
    }

    @Override
    TxResult send(UpgradeAdmin admin, Address c) throws ReplicatoorException {
      return call.send(admin, c, measurementId(id, "--measurement-id"));
    }

    @Override
    void describe(ObjectNode n) {
      n.put("measurementId", measurementId(id, "--measurement-id").toPrefixedHex());
      n.put("state", state);
    }
  }

  /** Cancels a pending proposal. */
  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Cancel a pending proposal (owner or guardian); it may be proposed again.")
  static final class Cancel extends MeasurementIdTx {
    Cancel() {
      super(UpgradeAdmin::cancel, "CANCELLED");
    }
  }

  /** Revokes an id permanently and immediately. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a measurement id permanently, effective immediately (owner or guardian).")
  static final class Revoke extends MeasurementIdTx {
    Revoke() {
      super(UpgradeAdmin::revoke, "REVOKED");
    }
  }

  /** Registers the genesis state fingerprint (once). */
  @Command(name = "register-state", mixinStandardHelpOptions = true,
      description = "Register the application's state fingerprint (genesis); succeeds once.")
  static final class RegisterState extends IdTx {
    @Option(names = "--fingerprint", required = true, paramLabel = "HEX") String fingerprint;

    @Override
    TxResult send(UpgradeAdmin admin, Address c) throws ReplicatoorException {
      return admin.registerStateKey(c, bytes32(fingerprint, "--fingerprint"));
    }

    @Override
    void describe(ObjectNode n) {
      n.put("stateFingerprint", bytes32(fingerprint, "--fingerprint").toPrefixedHex());
    }
  }

  // ---- status ------------------------------------------------------------------------------

  /** Roles, delay, fingerprint and every approval with its state. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show roles, delay, state fingerprint and every approval with its state.")
  static final class Status implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RpcOptions rpc;
    @Option(names = "--contract", required = true, paramLabel = "ADDR") String contract;

    /** Optional, as in every upgrade command: status signs nothing, it only names the key's role. */
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    KeySource key;

    @Option(names = "--password-env", paramLabel = "VAR",
        description = "environment variable holding the keystore password")
    String passwordEnv;

    @Override
    public Integer call() throws Exception {
      Address c = address(contract, "--contract");
      Address signer = null;
      if (key != null) {
        KeyOptions k = new KeyOptions();
        k.source = key;
        k.passwordEnv = passwordEnv;
        signer = k.load().address();
      }
      ContractStatus s;
      try (UpgradeAdmin admin = UpgradeAdmin.connect(rpc.uri(), null)) {
        s = admin.status(c);
      }
      String role = signer == null ? null
          : signer.equals(s.owner()) ? "owner"
          : !Address.ZERO.equals(s.guardian()) && signer.equals(s.guardian()) ? "guardian" : "none";
      long now = s.block().timestamp();
      if (rpc.json) {
        ObjectNode n = obj();
        n.put("contract", s.contract().toPrefixedHex());
        n.put("owner", s.owner().toPrefixedHex());
        n.put("guardian", s.guardian().toPrefixedHex());
        if (signer != null) {
          n.put("signer", signer.toPrefixedHex());
          n.put("signerRole", role);
        }
        n.put("delaySeconds", s.delaySeconds());
        n.put("stateFingerprint", s.stateFingerprint().toPrefixedHex());
        n.put("codeHash", s.codeHash().toPrefixedHex());
        n.set("block", block(s.block().number(), s.block().hash(), now));
        ArrayNode a = n.putArray("approvals");
        for (ApprovalEntry e : s.approvals()) {
          ObjectNode x = a.addObject();
          x.put("measurementId", e.measurementId().toPrefixedHex());
          x.put("state", e.state().name());
          if (e.activeAt() != 0) {
            x.put("activeAt", e.activeAt());
            x.put("activeAtUtc", Instant.ofEpochSecond(e.activeAt()).toString());
            x.put("relative", relative(e.activeAt(), now));
          } else {
            x.putNull("activeAt");
          }
          x.put("description", e.description());
        }
        print(spec, JsonOutput.write(n));
      } else {
        StringBuilder sb = new StringBuilder();
        sb.append("contract           ").append(s.contract()).append('\n')
            .append("owner              ").append(s.owner()).append('\n')
            .append("guardian           ").append(s.guardian().equals(Address.ZERO) ? "none" : s.guardian()).append('\n')
            .append(signer == null ? "" : "signer             " + signer + " (" + role + ")\n")
            .append("delay              ").append(s.delaySeconds()).append(" s (")
            .append(Duration.ofSeconds(s.delaySeconds()).toHours()).append(" h)\n")
            .append("state fingerprint  ").append(s.stateFingerprint().isZero() ? "not registered" : s.stateFingerprint().toPrefixedHex()).append('\n')
            .append("code hash          ").append(s.codeHash().toPrefixedHex()).append('\n')
            .append("block              ").append(s.block().number()).append(" ").append(s.block().hash().toPrefixedHex())
            .append(" at ").append(Instant.ofEpochSecond(now)).append('\n')
            .append("approvals          ").append(s.approvals().size()).append('\n');
        for (ApprovalEntry e : s.approvals()) {
          sb.append("  ").append(e.measurementId().toPrefixedHex()).append("  ").append(String.format("%-9s", e.state()));
          if (e.activeAt() != 0) {
            sb.append(" ").append(Instant.ofEpochSecond(e.activeAt())).append(" (")
                .append(relative(e.activeAt(), now)).append(")");
          }
          if (!e.description().isEmpty()) {
            sb.append("  ").append(e.description());
          }
          sb.append('\n');
        }
        print(spec, sb.toString().stripTrailing());
      }
      return 0;
    }
  }

  // ---- check (verified read) ---------------------------------------------------------------

  /** The TEE's verified read, for owners and auditors. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Verified read of one measurement id: k-of-n header quorum, recomputed header "
          + "hash, freshness, account proof with pinned code hash, storage proof.")
  static final class Check implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--rpc", required = true, split = ",", paramLabel = "URL[,URL...]",
        description = "the n endpoints (distinct operators)")
    List<String> rpcs;

    @Option(names = "--quorum", paramLabel = "K", description = "endpoints that must agree; default all")
    Integer quorum;

    @Option(names = "--contract", required = true, paramLabel = "ADDR") String contract;

    @Option(names = "--code-hash", required = true, paramLabel = "HEX",
        description = "pinned keccak256 of the contract's runtime code")
    String codeHash;

    @Option(names = "--max-age", paramLabel = "SECONDS", defaultValue = "3600",
        description = "oldest acceptable header age; default ${DEFAULT-VALUE}")
    long maxAge;

    @Option(names = "--block-tag", paramLabel = "TAG", defaultValue = "latest",
        description = "latest, safe or finalized; default ${DEFAULT-VALUE}")
    String blockTag;

    @Option(names = "--measurement-id", required = true, paramLabel = "HEX") String id;

    @Option(names = "--json", description = "print one JSON object on stdout") boolean json;

    @Override
    public Integer call() throws Exception {
      List<URI> endpoints = new ArrayList<>();
      for (String r : rpcs) {
        RpcOptions o = new RpcOptions();
        o.rpc = r.strip();
        endpoints.add(o.uri());
      }
      ChainReaderConfig config;
      try {
        config = new ChainReaderConfig(endpoints, quorum == null ? endpoints.size() : quorum,
            address(contract, "--contract"), bytes32(codeHash, "--code-hash"),
            Duration.ofSeconds(maxAge), blockTag, 0, Duration.ofSeconds(10));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      MeasurementId mid = measurementId(id, "--measurement-id");
      // The owner's machine: its clock is the trusted time here (a TEE injects its own).
      UpgradePolicy policy = UpgradePolicy.create(config, Clock.systemUTC());
      VerifiedBlock b = policy.verifiedBlock();
      ApprovalState s = policy.approval(b, mid);
      if (json) {
        ObjectNode n = obj();
        n.put("measurementId", mid.toPrefixedHex());
        n.put("state", s.status().name());
        if (s.activeAt().isPresent()) {
          n.put("activeAt", s.activeAt().getAsLong());
        } else {
          n.putNull("activeAt");
        }
        n.set("block", block(b.number(), b.hash(), b.timestamp()));
        n.put("quorum", config.quorum() + "/" + endpoints.size());
        n.put("verified", true);
        print(spec, JsonOutput.write(n));
      } else {
        print(spec, "measurement id " + mid.toPrefixedHex() + "\nstate          " + s.status()
            + (s.activeAt().isPresent() ? "\nactive at      " + Instant.ofEpochSecond(s.activeAt().getAsLong())
                + " (" + relative(s.activeAt().getAsLong(), b.timestamp()) + ")" : "")
            + "\nblock          " + b.number() + " " + b.hash().toPrefixedHex() + " at " + Instant.ofEpochSecond(b.timestamp())
            + "\nverified       header hash recomputed, " + config.quorum() + " of " + endpoints.size()
            + " endpoints agree, account and storage proofs checked");
      }
      return 0;
    }
  }
}
