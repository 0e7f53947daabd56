package io.replicatoor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.eventlog.DstackIdentities;
import io.replicatoor.attest.eventlog.ReplayReport;
import io.replicatoor.core.ReplicatoorException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replicatoor event-log}: event-log tools (see docs/measurements.md). */
@Command(
    name = "event-log",
    mixinStandardHelpOptions = true,
    description = "Dstack event-log tools.",
    subcommands = {EventLogCommand.Replay.class})
final class EventLogCommand extends CommandGroup {
  @Override
  String hint() {
    return " (replay)";
  }

  /** {@code replicatoor event-log replay}: replays RTMR0-3 and compares with the quote. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Replays a dstack event log (runtime digests recomputed), extracts identities and compares"
            + " with the quote.",
        "Exit 0: replay matches the quote (or no quote given); 1: mismatch or malformed log;"
            + " 2: usage."
      })
  static final class Replay implements Callable<Integer> {

    @Mixin JsonOption json;

    @Option(
        names = "--event-log",
        required = true,
        paramLabel = "FILE",
        description =
            "GetQuote/TdxQuote response JSON (quote + event_log), a bare event-log JSON array,"
                + " {\"attestation\":hex} or SCALE attestation bytes.")
    Path eventLog;

    @Option(
        names = "--quote",
        paramLabel = "FILE",
        description = QuoteOption.DESCRIPTION + "; overrides a quote inside --event-log.")
    Path quote;

    @Option(
        names = "--no-os-image-hash",
        description = "Compute measurementId with a zero osImageHash even if the log has one.")
    boolean unboundOsImage;

    @Override
    public Integer call() throws ReplicatoorException {
      byte[] evidence = CliFiles.read(eventLog, "--event-log");
      Optional<byte[]> quoteFile =
          quote == null ? Optional.empty() : Optional.of(QuoteFile.read(quote, "--quote"));
      ReplayReport r = ReplayReport.fromFiles(evidence, quoteFile, !unboundOsImage);
      ObjectNode out = JsonOutput.mapper().createObjectNode();
      out.put("rtmr0", CliHex.of(r.rtmr0().toHex()));
      out.put("rtmr1", CliHex.of(r.rtmr1().toHex()));
      out.put("rtmr2", CliHex.of(r.rtmr2().toHex()));
      out.put("rtmr3", CliHex.of(r.rtmr3().toHex()));
      DstackIdentities ids = r.identities();
      put(out, "composeHash", ids.composeHash().map(b -> CliHex.of(b.toHex())));
      put(out, "appId", ids.appId().map(b -> CliHex.of(b.toHex())));
      put(out, "instanceId", ids.instanceId().map(b -> CliHex.of(b.toHex())));
      if (ids.keyProvider().isPresent()) {
        ObjectNode kp = out.putObject("keyProvider");
        kp.put("name", ids.keyProvider().get().name());
        kp.put("id", ids.keyProvider().get().id());
      } else {
        out.putNull("keyProvider");
      }
      put(out, "osImageHash", ids.osImageHash().map(b -> CliHex.of(b.toHex())));
      put(out, "measurementId", r.measurementId().map(b -> CliHex.of(b.toHex())));
      if (r.matchesQuote().isPresent()) {
        out.put("matchesQuote", r.matchesQuote().get());
      } else {
        out.putNull("matchesQuote");
      }
      out.put("bootLogComplete", r.bootLogComplete());
      put(out, "mismatch", r.mismatch());
      var app = out.putArray("appEvents");
      r.appEvents().forEach(app::add);
      json.print(
          out,
          pw ->
              out.properties()
                  .forEach(e ->
                      pw.println(
                          e.getKey()
                              + ": "
                              + (e.getValue().isTextual()
                                  ? e.getValue().asText()
                                  : e.getValue().toString()))));
      return r.matchesQuote().orElse(true) ? 0 : 1;
    }

    private static void put(ObjectNode out, String name, Optional<String> value) {
      if (value.isPresent()) {
        out.put(name, value.get());
      } else {
        out.putNull(name);
      }
    }
  }
}
