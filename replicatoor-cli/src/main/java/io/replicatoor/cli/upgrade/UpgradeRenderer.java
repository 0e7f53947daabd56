package io.replicatoor.cli.upgrade;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.chain.Address;
import io.replicatoor.chain.ApprovalState;
import io.replicatoor.chain.ChainReaderConfig;
import io.replicatoor.chain.VerifiedBlock;
import io.replicatoor.chain.admin.ApprovalEntry;
import io.replicatoor.chain.admin.ContractStatus;
import io.replicatoor.chain.admin.Deployment;
import io.replicatoor.chain.admin.Proposal;
import io.replicatoor.chain.admin.ProposalState;
import io.replicatoor.chain.admin.TxResult;
import io.replicatoor.cli.JsonOutput;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.ImmutableBytes;
import io.replicatoor.core.measure.MeasurementId;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one renderer of the upgrade commands' results: one JSON object with {@code --json} (camelCase
 * keys, byte values as {@code 0x} hex, see docs/cli.md), otherwise aligned text lines.
 */
final class UpgradeRenderer {
  /** Width of the text output's label column. */
  private static final int LABEL_WIDTH = 18;

  private static final long SECONDS_PER_HOUR = 3600;

  private static final long SECONDS_PER_MINUTE = 60;

  private final CommandSpec spec;
  private final boolean json;

  UpgradeRenderer(CommandSpec spec, boolean json) {
    this.spec = spec;
    this.json = json;
  }

  void deployed(Deployment d) {
    ObjectNode n = obj();
    n.put("contract", d.contract().toPrefixedHex());
    n.put("codeHash", d.codeHash().toPrefixedHex());
    n.put("delaySeconds", d.delaySeconds());
    n.put("owner", d.owner().toPrefixedHex());
    n.put("guardian", d.guardian().toPrefixedHex());
    n.put("tx", d.tx().toPrefixedHex());
    n.put("block", d.blockNumber());
    emit(
        n,
        new Text()
            .line("contract", d.contract())
            .line("code hash", d.codeHash())
            .line("delay", d.delaySeconds() + " s")
            .line("owner", d.owner())
            .line("guardian", d.guardian())
            .line("tx", d.tx()));
  }

  void proposed(Proposal p) {
    ObjectNode n = obj();
    n.put("measurementId", p.measurementId().toPrefixedHex());
    n.put("activeAt", p.activeAt());
    n.put("tx", p.tx().toPrefixedHex());
    emit(
        n,
        new Text()
            .line("measurement id", p.measurementId())
            .line("active at", Instant.ofEpochSecond(p.activeAt()) + " (unix " + p.activeAt() + ")")
            .line("tx", p.tx()));
  }

  /** A cancel or revoke: the id and the state it moved to. */
  void measurementIdMoved(MeasurementId id, String state, TxResult r) {
    ObjectNode n = obj();
    n.put("measurementId", id.toPrefixedHex());
    n.put("state", state);
    transaction(n, r, new Text().line("measurement id", id).line("state", state));
  }

  void stateRegistered(Bytes32 fingerprint, TxResult r) {
    ObjectNode n = obj();
    n.put("stateFingerprint", fingerprint.toPrefixedHex());
    transaction(n, r, new Text().line("state fingerprint", fingerprint));
  }

  private void transaction(ObjectNode n, TxResult r, Text text) {
    n.put("tx", r.tx().toPrefixedHex());
    n.put("block", r.blockNumber());
    emit(n, text.line("tx", r.tx()).line("block", r.blockNumber()));
  }

  /** The contract's state; {@code signer} (or null) is the given key's address. */
  void status(ContractStatus s, Address signer) {
    String role =
        signer == null
            ? null
            : signer.equals(s.owner())
                ? "owner"
                : !Address.ZERO.equals(s.guardian()) && signer.equals(s.guardian())
                    ? "guardian"
                    : "none";
    long now = s.block().timestamp();
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
    n.put("proposedCount", s.proposedCount());
    n.put("truncated", s.truncated());
    n.put("eventsFromBlock", s.eventsFromBlock());
    ArrayNode a = n.putArray("approvals");
    Text t =
        new Text()
            .line("contract", s.contract())
            .line("owner", s.owner())
            .line("guardian", s.guardian().equals(Address.ZERO) ? "none" : s.guardian());
    if (signer != null) {
      t.line("signer", signer + " (" + role + ")");
    }
    t.line(
            "delay",
            s.delaySeconds() + " s (" + Duration.ofSeconds(s.delaySeconds()).toHours() + " h)")
        .line(
            "state fingerprint",
            s.stateFingerprint().isZero() ? "not registered" : s.stateFingerprint())
        .line("code hash", s.codeHash())
        .line("block", blockText(s.block().number(), s.block().hash(), now))
        .line("events from block", s.eventsFromBlock())
        .line(
            "approvals",
            s.approvals().size()
                + (s.truncated()
                    ? " (truncated: only the newest of " + s.proposedCount() + " proposals read)"
                    : ""));
    for (ApprovalEntry e : s.approvals()) {
      ObjectNode x = a.addObject();
      x.put("measurementId", e.measurementId().toPrefixedHex());
      x.put("state", e.state().name());
      StringBuilder row =
          new StringBuilder("  ")
              .append(e.measurementId().toPrefixedHex())
              .append("  ")
              .append(String.format(Locale.ROOT, "%-9s", e.state()));
      if (e.activeAt() != 0) {
        x.put("activeAt", e.activeAt());
        x.put("activeAtUtc", Instant.ofEpochSecond(e.activeAt()).toString());
        x.put("relative", relative(e.activeAt(), now));
        row.append(' ')
            .append(Instant.ofEpochSecond(e.activeAt()))
            .append(" (")
            .append(relative(e.activeAt(), now))
            .append(')');
      } else {
        x.putNull("activeAt");
      }
      ApprovalEntry.Change ch = e.change();
      if (ch != null) {
        x.put("changedAtBlock", ch.blockNumber());
        x.put("changedAt", ch.timestamp());
        x.put("changedAtUtc", Instant.ofEpochSecond(ch.timestamp()).toString());
        x.put("changedTx", ch.tx().toPrefixedHex());
        x.put("changedBy", ch.by().toPrefixedHex());
        row.append(" in block ")
            .append(ch.blockNumber())
            .append(' ')
            .append(Instant.ofEpochSecond(ch.timestamp()))
            .append(" by ")
            .append(ch.by().toPrefixedHex());
      } else if (e.state() == ProposalState.CANCELLED || e.state() == ProposalState.REVOKED) {
        x.putNull("changedAtBlock");
        row.append(" (before block ").append(s.eventsFromBlock()).append(')');
      }
      x.put("description", e.description());
      if (!e.description().isEmpty()) {
        row.append("  ").append(e.description());
      }
      t.raw(row.toString());
    }
    emit(n, t);
  }

  /** The verified read of {@code id} at block {@code b}. */
  void checked(MeasurementId id, ApprovalState s, VerifiedBlock b, ChainReaderConfig config) {
    int endpoints = config.endpoints().size();
    ObjectNode n = obj();
    n.put("measurementId", id.toPrefixedHex());
    n.put("state", s.status().name());
    if (s.activeAt().isPresent()) {
      n.put("activeAt", s.activeAt().getAsLong());
    } else {
      n.putNull("activeAt");
    }
    n.set("block", block(b.number(), b.hash(), b.timestamp()));
    n.put("quorum", config.quorum() + "/" + endpoints);
    n.put("verified", true);
    Text t = new Text().line("measurement id", id).line("state", s.status());
    if (s.activeAt().isPresent()) {
      long at = s.activeAt().getAsLong();
      t.line("active at", Instant.ofEpochSecond(at) + " (" + relative(at, b.timestamp()) + ")");
    }
    t.line("block", blockText(b.number(), b.hash(), b.timestamp()))
        .line(
            "verified",
            "header hash recomputed, "
                + config.quorum()
                + " of "
                + endpoints
                + " endpoints agree, account and storage proofs checked");
    emit(n, t);
  }

  /** "in 47h 59m" / "3h 2m ago" relative to chain time. */
  static String relative(long at, long now) {
    long d = Math.abs(at - now);
    String span =
        (d / SECONDS_PER_HOUR) + "h " + ((d % SECONDS_PER_HOUR) / SECONDS_PER_MINUTE) + "m";
    return at > now ? "in " + span : span + " ago";
  }

  private static ObjectNode block(long number, Bytes32 hash, long timestamp) {
    ObjectNode b = obj();
    b.put("number", number);
    b.put("hash", hash.toPrefixedHex());
    b.put("timestamp", timestamp);
    return b;
  }

  private static String blockText(long number, Bytes32 hash, long timestamp) {
    return number + " " + hash.toPrefixedHex() + " at " + Instant.ofEpochSecond(timestamp);
  }

  private static ObjectNode obj() {
    return JsonOutput.mapper().createObjectNode();
  }

  private void emit(ObjectNode n, Text text) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? JsonOutput.write(n) : text.toString());
    out.flush();
  }

  /** Text output: a label column, then the value. */
  private static final class Text {
    private final StringBuilder sb = new StringBuilder();

    Text line(String label, Object value) {
      Object v = value instanceof ImmutableBytes b ? b.toPrefixedHex() : value; // 0x, as in JSON
      sb.append(String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s %s%n", label, v));
      return this;
    }

    Text raw(String line) {
      sb.append(line).append(System.lineSeparator());
      return this;
    }

    @Override
    public String toString() {
      return sb.toString().stripTrailing();
    }
  }
}
