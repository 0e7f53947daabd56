package io.replicatoor.cli;

import io.replicatoor.attest.measure.ReferenceMeasurement;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.measure.Measurement;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replicatoor measure}: the reference values an owner proposes on chain. */
@Command(
    name = "measure",
    mixinStandardHelpOptions = true,
    description = {
      "Computes the compose hash (SHA-256 of the exact app-compose.json bytes), the default app id"
          + " and the measurement id (keccak256(0x01||MRTD||RTMR0||RTMR1||RTMR2||composeHash"
          + "||osImageHash)) for an image.",
      "Exit 0: computed; 2: usage or unreadable/malformed input."
    })
final class MeasureCommand implements Callable<Integer> {

  @Option(
      names = "--compose",
      required = true,
      paramLabel = "FILE",
      description = ComposeOptions.FILE_DESCRIPTION)
  Path compose;

  @Option(
      names = "--image",
      required = true,
      paramLabel = "FILE",
      description =
          "Image JSON: {\"mrtd\",\"rtmr0\",\"rtmr1\",\"rtmr2\"[,\"os_image_hash\"]} (dstack-mr output).")
  Path image;

  @Mixin JsonOption json;

  @Override
  public Integer call() throws ReplicatoorException {
    ReferenceMeasurement ref =
        ReferenceMeasurement.compute(
            CliFiles.read(compose, "--compose"), ImageFile.read(image, "--image"));
    Measurement m = ref.measurement();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("composeHash", CliHex.of(ref.composeHash().toHex()));
    out.put("appIdDefault", CliHex.of(ref.defaultAppId().toHex()));
    out.put("mrtd", CliHex.of(m.mrTd().toHex()));
    out.put("rtmr0", CliHex.of(m.rtmr0().toHex()));
    out.put("rtmr1", CliHex.of(m.rtmr1().toHex()));
    out.put("rtmr2", CliHex.of(m.rtmr2().toHex()));
    out.put("osImageHash", CliHex.of(m.osImageHash().toHex()));
    out.put("osImageHashBound", m.bindsOsImageHash());
    out.put("measurementId", CliHex.of(ref.measurementId().toHex()));
    json.print(out, pw -> out.forEach((k, v) -> pw.println(k + ": " + v)));
    return 0;
  }
}
