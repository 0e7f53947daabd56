package io.replicatoor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.eventlog.KeyProvider;
import io.replicatoor.attest.measure.DstackBootEvents;
import io.replicatoor.attest.measure.LegacyRtmr3;
import io.replicatoor.attest.measure.ReferenceMeasurement;
import io.replicatoor.attest.measure.Rtmr;
import io.replicatoor.attest.measure.RuntimeEvent;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replicatoor rtmr3}: the RTMR3 a dstack guest produces for given event inputs. */
@Command(
    name = "rtmr3",
    mixinStandardHelpOptions = true,
    description = {
      "Computes the RTMR3 a dstack guest produces for explicit event inputs.",
      "Boot sequence (v0.4-v0.5.11 order): --compose FILE | --compose-hash HEX, [--app-id HEX],"
          + " --instance-id HEX, --key-provider JSON | --key-provider-name N --key-provider-id ID,"
          + " [--rootfs-hash HEX] [--mr-kms HEX] [--os-image-hash HEX] [--storage-fs FS]"
          + " [--event-log-version 1|2].",
      "Explicit sequence: --event NAME=HEX (repeatable, in order).",
      "Legacy pre-event-log scheme: --legacy --rootfs-hash HEX --compose FILE --ca-cert FILE.",
      "Exit 0: computed; 2: usage."
    })
final class Rtmr3Command implements Callable<Integer> {

  @Option(names = "--legacy", description = "Original project's scheme (padded raw values).")
  boolean legacy;

  @Mixin ComposeOptions compose;

  @Option(
      names = "--app-id",
      paramLabel = "HEX",
      description = "Default: first 20 bytes of the compose hash.")
  String appId;

  @Option(
      names = "--instance-id",
      paramLabel = "HEX",
      description = "20 bytes, or \"\" for no_instance_id.")
  String instanceId;

  @Option(
      names = "--key-provider",
      paramLabel = "JSON",
      description = "Exact key-provider payload, {\"name\":\"...\",\"id\":\"...\"}.")
  String keyProvider;

  @Option(
      names = "--key-provider-name",
      paramLabel = "NAME",
      description = "Key provider kind (kms, local-sgx, tpm, none); the payload is built from it.")
  String keyProviderName;

  @Option(
      names = "--key-provider-id",
      paramLabel = "ID",
      description = "Key provider id text (default empty), with --key-provider-name.")
  String keyProviderId;

  @Option(
      names = "--rootfs-hash",
      paramLabel = "HEX",
      description = "Root filesystem hash (32 bytes): a rootfs-hash event, or --legacy's input.")
  String rootfsHash;

  @Option(
      names = "--mr-kms",
      paramLabel = "HEX",
      description = "KMS measurement (32 bytes): adds a mr-kms event.")
  String mrKms;

  @Option(
      names = "--storage-fs",
      paramLabel = "FS",
      description = "Storage filesystem name (e.g. zfs, ext4): adds a storage-fs event.")
  String storageFs;

  @Option(
      names = "--event-log-version",
      paramLabel = "1|2",
      defaultValue = "1",
      description = "Event digest scheme: 1 or 2 (default ${DEFAULT-VALUE}).")
  int version;

  @Option(
      names = "--event",
      paramLabel = "NAME=HEX",
      description = "One runtime event (repeatable).")
  List<String> events = new ArrayList<>();

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      description = "KMS CA certificate PEM (--legacy).")
  Path caCert;

  @Mixin JsonOption json;

  @Override
  public Integer call() {
    ObjectNode out = JsonOutput.mapper().createObjectNode();
    Measurement48 rtmr3;
    if (legacy) {
      if (rootfsHash == null || !compose.fileGiven() || caCert == null) {
        throw new UsageException("--legacy needs --rootfs-hash, --compose and --ca-cert");
      }
      rejectWithLegacy();
      rtmr3 =
          LegacyRtmr3.compute(
              CliHex.bytes32(rootfsHash, "--rootfs-hash"),
              compose.read(),
              CliFiles.read(caCert, "--ca-cert"));
      out.put("scheme", "legacy");
    } else {
      List<RuntimeEvent> seq = events.isEmpty() ? bootSequence() : explicitSequence();
      rtmr3 = Rtmr.replayEvents(seq);
      out.put("scheme", "event-log-v" + version);
      ArrayNode arr = out.putArray("events");
      for (RuntimeEvent e : seq) {
        ObjectNode n = arr.addObject();
        n.put("event", e.name());
        n.put("payload", CliHex.format(e.payload().toByteArray()));
        n.put("digest", CliHex.format(e.digest().toByteArray()));
      }
    }
    out.put("rtmr3", CliHex.format(rtmr3.toByteArray()));
    json.print(
        out,
        pw -> {
          pw.println("rtmr3: " + out.get("rtmr3").asText());
          if (out.has("events")) {
            out.get("events")
                .forEach(n ->
                    pw.printf(
                        "  %s payload %s digest %s%n",
                        n.get("event").asText(),
                        n.get("payload").asText(),
                        n.get("digest").asText()));
          }
        });
    return 0;
  }

  private void rejectWithLegacy() {
    if (compose.hashGiven()
        || appId != null
        || instanceId != null
        || keyProvider != null
        || keyProviderName != null
        || keyProviderId != null
        || mrKms != null
        || compose.osImageHashGiven()
        || storageFs != null
        || !events.isEmpty()) {
      throw new UsageException("--legacy takes only --rootfs-hash, --compose and --ca-cert");
    }
  }

  private List<RuntimeEvent> explicitSequence() {
    if (compose.fileGiven()
        || compose.hashGiven()
        || appId != null
        || instanceId != null
        || keyProvider != null
        || keyProviderName != null
        || rootfsHash != null
        || mrKms != null
        || compose.osImageHashGiven()
        || storageFs != null
        || caCert != null) {
      throw new UsageException("--event cannot be combined with the boot-sequence options");
    }
    checkVersion();
    List<RuntimeEvent> seq = new ArrayList<>();
    for (String ev : events) {
      int eq = ev.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("--event must be NAME=HEX, got '" + ev + "'");
      }
      try {
        seq.add(
            new RuntimeEvent(ev.substring(0, eq), hex(ev.substring(eq + 1), "--event"), version));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--event: " + e.getMessage());
      }
    }
    return seq;
  }

  private List<RuntimeEvent> bootSequence() {
    checkVersion();
    if (caCert != null) {
      throw new UsageException("--ca-cert is only used with --legacy");
    }
    Bytes32 ch = compose.composeHash();
    if (instanceId == null) {
      throw new UsageException("--instance-id is required (\"\" for no_instance_id)");
    }
    Bytes kp;
    if (keyProvider != null) {
      if (keyProviderName != null || keyProviderId != null) {
        throw new UsageException("give --key-provider or --key-provider-name/--key-provider-id");
      }
      kp = Bytes.of(keyProvider.getBytes(StandardCharsets.UTF_8));
      try {
        KeyProvider.parse(kp); // the rule event-log replay applies to this event
      } catch (ReplicatoorException e) {
        throw new UsageException(
            "--key-provider must be the exact JSON {\"name\":\"...\",\"id\":\"...\"}, got '"
                + keyProvider
                + "'");
      }
    } else if (keyProviderName != null) {
      try {
        kp =
            DstackBootEvents.keyProviderPayload(
                keyProviderName, keyProviderId == null ? "" : keyProviderId);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    } else {
      throw new UsageException("--key-provider or --key-provider-name is required");
    }
    Bytes app = appId != null ? hex(appId, "--app-id") : ReferenceMeasurement.defaultAppId(ch);
    try {
      return new DstackBootEvents(
              CliHex.optionalBytes32(rootfsHash, "--rootfs-hash"),
              app,
              ch,
              hex(instanceId, "--instance-id"),
              CliHex.optionalBytes32(mrKms, "--mr-kms"),
              compose.osImageHash(),
              kp,
              Optional.ofNullable(storageFs),
              version)
          .events();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private void checkVersion() {
    if (version != 1 && version != 2) {
      throw new UsageException("--event-log-version must be 1 or 2");
    }
  }

  private static Bytes hex(String v, String option) {
    return Bytes.of(CliHex.parse(v, option));
  }
}
