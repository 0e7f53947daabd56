package io.replicatoor.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.measure.Digests;
import io.replicatoor.attest.measure.ImageMeasurement;
import io.replicatoor.attest.measure.Rtmr;
import io.replicatoor.attest.measure.RuntimeEvent;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.json.BoundedJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The simulated OS image: MRTD, RTMR0-2, the OS image hash and the boot events (imr 0-2) whose
 * replay gives RTMR0-2.
 *
 * <p>{@link #defaults()} is a fixed development image whose RTMR0-2 are the replay of nine
 * synthetic boot events. {@link #load(Path)} reads {@code --image IMAGE.json}: the measure
 * package's image format ({@link ImageMeasurement}: {@code mrtd}, {@code rtmr0}, {@code rtmr1},
 * {@code rtmr2}, optional {@code os_image_hash}, as {@code dstack-mr measure} emits) plus an
 * optional {@code boot_events} array (dstack event-log entries with imr 0-2) whose replay must then
 * equal RTMR0-2.
 */
public final class ImageConfig {
  /** Largest accepted image file. */
  static final int MAX_FILE_SIZE = 1 << 20;

  private static final BoundedJson FILE_JSON = BoundedJson.withMaxBytes(MAX_FILE_SIZE);

  /** Most boot events accepted in an image file. */
  static final int MAX_BOOT_EVENTS = 1024;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] mrtd;
  private final byte[][] rtmrs;
  private final byte[] osImageHash;
  private final List<SimEvent> bootEvents;

  private ImageConfig(byte[] mrtd, byte[][] rtmrs, byte[] osImageHash, List<SimEvent> bootEvents) {
    this.mrtd = mrtd.clone();
    this.rtmrs = new byte[][] {rtmrs[0].clone(), rtmrs[1].clone(), rtmrs[2].clone()};
    this.osImageHash = osImageHash.clone();
    this.bootEvents = List.copyOf(bootEvents);
  }

  /** The built-in development image. */
  public static ImageConfig defaults() {
    List<SimEvent> events = new ArrayList<>();
    // TCG event types as on real TDX boot logs (dstack-guest-interface.md 4.1).
    long[] types = {0x80000001L, 0x8000000BL, 4L};
    for (int imr = 0; imr < 3; imr++) {
      for (int j = 0; j < types.length; j++) {
        byte[] payload =
            ("replicatoor-sim boot event rtmr" + imr + "/" + j).getBytes(StandardCharsets.US_ASCII);
        events.add(
            new SimEvent(
                imr, types[j], Digests.sha384(payload).toHex(), "", HEX.formatHex(payload)));
      }
    }
    byte[][] rtmrs = replay(events);
    byte[] mrtd =
        Digests.sha384("replicatoor simulator development MRTD".getBytes(StandardCharsets.US_ASCII))
            .toByteArray();
    byte[] osImageHash =
        sha256("replicatoor simulator development OS image".getBytes(StandardCharsets.US_ASCII));
    return new ImageConfig(mrtd, rtmrs, osImageHash, events);
  }

  /**
   * Reads an image description.
   *
   * @throws ReplicatoorException {@code BAD_REQUEST} for a malformed file or boot events that do
   *     not replay to the given RTMRs
   */
  public static ImageConfig load(Path file) throws IOException, ReplicatoorException {
    if (Files.size(file) > MAX_FILE_SIZE) {
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, file + ": larger than 1 MiB");
    }
    JsonNode n;
    try {
      n = FILE_JSON.read(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, file + ": not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, file + ": expected a JSON object");
    }
    // The registers use the measure package's image format (dstack-mr output); boot_events is ours.
    ObjectNode registers = ((ObjectNode) n).deepCopy();
    registers.remove("boot_events");
    ImageMeasurement m;
    try {
      m = ImageMeasurement.parseJson(registers.toString().getBytes(StandardCharsets.UTF_8));
    } catch (ReplicatoorException e) {
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, file + ": " + e.getMessage());
    }
    try {
      byte[] mrtd = m.mrTd().toByteArray();
      byte[][] rtmrs = {m.rtmr0().toByteArray(), m.rtmr1().toByteArray(), m.rtmr2().toByteArray()};
      byte[] osImageHash =
          m.osImageHash().map(Bytes32::toByteArray).orElseGet(() -> defaults().osImageHash);
      List<SimEvent> events = new ArrayList<>();
      if (n.path("boot_events").size() > MAX_BOOT_EVENTS) {
        throw new IllegalArgumentException("more than " + MAX_BOOT_EVENTS + " boot_events");
      }
      for (JsonNode e : n.path("boot_events")) {
        long type = e.path("event_type").asLong(-1);
        if (type < 0 || type > 0xFFFFFFFFL || type == RuntimeEvent.EVENT_TYPE) {
          throw new IllegalArgumentException(
              "boot_events: event_type must be a u32 TCG type, not the runtime type");
        }
        int imr = e.path("imr").asInt(-1);
        if (imr < 0 || imr > 2) {
          throw new IllegalArgumentException("boot_events: imr must be 0, 1 or 2");
        }
        String digest = e.path("digest").asText();
        if (HEX.parseHex(digest).length != 48) {
          throw new IllegalArgumentException("boot_events: digest must be 48 bytes");
        }
        String payload = e.path("event_payload").asText("");
        HEX.parseHex(payload);
        events.add(
            new SimEvent(
                imr,
                type,
                digest.toLowerCase(Locale.ROOT),
                e.path("event").asText(""),
                payload.toLowerCase(Locale.ROOT)));
      }
      if (!events.isEmpty()) {
        byte[][] replayed = replay(events);
        for (int i = 0; i < 3; i++) {
          if (!MessageDigest.isEqual(replayed[i], rtmrs[i])) {
            throw new ReplicatoorException(
                ErrorCode.BAD_REQUEST, file + ": boot_events do not replay to rtmr" + i);
          }
        }
      }
      return new ImageConfig(mrtd, rtmrs, osImageHash, events);
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, file + ": " + e.getMessage());
    }
  }

  static byte[][] replay(List<SimEvent> events) {
    Measurement48[] mr = {Measurement48.ZERO, Measurement48.ZERO, Measurement48.ZERO};
    for (SimEvent e : events) {
      mr[e.imr()] = Rtmr.extend(mr[e.imr()], Measurement48.fromHex(e.digestHex()));
    }
    return new byte[][] {mr[0].toByteArray(), mr[1].toByteArray(), mr[2].toByteArray()};
  }

  static byte[] sha256(byte[] data) {
    return Digests.sha256(data).toByteArray();
  }

  public byte[] mrtd() {
    return mrtd.clone();
  }

  /** RTMR {@code i} for i in 0..2. */
  public byte[] rtmr(int i) {
    return rtmrs[i].clone();
  }

  public byte[] osImageHash() {
    return osImageHash.clone();
  }

  /** Boot events (imr 0-2) in log order; empty when the image file gave none. */
  public List<SimEvent> bootEvents() {
    return bootEvents;
  }
}
