package io.replicatoor.sim;

import io.replicatoor.attest.measure.Rtmr;
import io.replicatoor.attest.measure.RuntimeEvent;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.crypto.RequiredAlgorithms;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One simulated CVM: its compose file, app id, random instance id, RTMR3 event log and the TD
 * measurement registers that go into its quotes.
 *
 * <p>The runtime events are those dstack v0.5.5-v0.5.11 emits with a {@code local-sgx} key provider
 * (dstack-guest-interface.md 4.6, payloads per 4.7): {@code system-preparing}, {@code app-id},
 * {@code compose-hash} (SHA-256 of the exact compose bytes), {@code instance-id} ({@code
 * SHA-256(random 20 bytes || app id)[0..20]}, new for every instance), {@code boot-mr-done}, {@code
 * key-provider}, {@code storage-fs}, {@code system-ready}. RTMR3 is their V1 replay; MRCONFIGID is
 * the V1 value {@code 01 || compose-hash || 0^15} (5.4).
 */
public final class SimulatedInstance {
  /** Length of app-id and instance-id (4.7). */
  public static final int ID_SIZE = 20;

  /** Largest accepted compose file. */
  public static final int MAX_COMPOSE_SIZE = 1 << 20;

  /** MRCONFIGID version byte for {@code 01 || compose_hash || 0^15} (5.4). */
  static final byte MR_CONFIG_V1 = 0x01;

  /** Filesystem named in the {@code storage-fs} event. */
  static final String STORAGE_FS = "ext4";

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] compose;
  private final byte[] composeHash;
  private final byte[] appId;
  private final byte[] instanceId;
  private final byte[] keyProvider;
  private final ImageConfig image;

  /** The event log and the registers it produces, replaced together by {@link #emitEvent}. */
  public record Snapshot(List<SimEvent> eventLog, TdMeasurements measurements) {
    public Snapshot {
      eventLog = List.copyOf(eventLog);
    }
  }

  /** Most application events {@link #emitEvent} accepts per instance. */
  public static final int MAX_EMITTED_EVENTS = 1024;

  /** Longest event name (UTF-8 bytes) and payload accepted by {@link #emitEvent}. */
  public static final int MAX_EVENT_NAME_BYTES = 256;

  public static final int MAX_EVENT_PAYLOAD_BYTES = 16 * 1024;

  private volatile Snapshot snapshot;
  private int emitted;

  private SimulatedInstance(byte[] compose, byte[] appId, ImageConfig image, SecureRandom rng) {
    if (compose.length > MAX_COMPOSE_SIZE) {
      throw new IllegalArgumentException("compose file larger than 1 MiB");
    }
    this.compose = compose.clone();
    this.composeHash = ImageConfig.sha256(compose);
    this.appId = appId == null ? Arrays.copyOf(composeHash, ID_SIZE) : appId.clone();
    if (this.appId.length != ID_SIZE) {
      throw new IllegalArgumentException("app id must be 20 bytes, got " + this.appId.length);
    }
    byte[] seed = new byte[ID_SIZE];
    rng.nextBytes(seed);
    byte[] seeded = new byte[ID_SIZE * 2];
    System.arraycopy(seed, 0, seeded, 0, ID_SIZE);
    System.arraycopy(this.appId, 0, seeded, ID_SIZE, ID_SIZE);
    this.instanceId = Arrays.copyOf(ImageConfig.sha256(seeded), ID_SIZE);
    this.keyProvider =
        ("{\"name\":\"local-sgx\",\"id\":\"" + HEX.formatHex(DevPlatform.QE_MRENCLAVE) + "\"}")
            .getBytes(StandardCharsets.US_ASCII);
    this.image = image;

    List<SimEvent> log = new ArrayList<>(image.bootEvents());
    Measurement48 rtmr3 = Measurement48.ZERO;
    Object[][] runtime = {
      {"system-preparing", new byte[0]},
      {"app-id", this.appId},
      {"compose-hash", composeHash},
      {"instance-id", instanceId},
      {"boot-mr-done", new byte[0]},
      {"key-provider", keyProvider},
      {"storage-fs", STORAGE_FS.getBytes(StandardCharsets.US_ASCII)},
      {"system-ready", new byte[0]},
    };
    for (Object[] r : runtime) {
      String name = (String) r[0];
      byte[] payload = (byte[]) r[1];
      Measurement48 digest = RuntimeEvent.v1(name, Bytes.of(payload)).digest();
      rtmr3 = Rtmr.extend(rtmr3, digest);
      log.add(
          new SimEvent(3, RuntimeEvent.EVENT_TYPE, digest.toHex(), name, HEX.formatHex(payload)));
    }
    byte[] mrConfigId = new byte[TdMeasurements.MR_SIZE];
    mrConfigId[0] = MR_CONFIG_V1;
    System.arraycopy(composeHash, 0, mrConfigId, 1, composeHash.length);
    byte[] zero = new byte[TdMeasurements.MR_SIZE];
    this.snapshot =
        new Snapshot(
            log,
            new TdMeasurements(
                image.mrtd(),
                mrConfigId,
                zero,
                zero,
                image.rtmr(0),
                image.rtmr(1),
                image.rtmr(2),
                rtmr3.toByteArray()));
  }

  /**
   * A new instance of the application described by {@code compose} (exact bytes).
   *
   * @param appId 20 bytes, or {@code null} for dstack's default {@code compose_hash[0..20]} (5.2)
   */
  public static SimulatedInstance create(
      byte[] compose, byte[] appId, ImageConfig image, SecureRandom rng) {
    return new SimulatedInstance(compose, appId, image, rng);
  }

  /** Exact compose bytes (a copy). */
  public byte[] compose() {
    return compose.clone();
  }

  public byte[] composeHash() {
    return composeHash.clone();
  }

  public byte[] appId() {
    return appId.clone();
  }

  public byte[] instanceId() {
    return instanceId.clone();
  }

  /** The {@code key-provider} event payload. */
  public byte[] keyProviderInfo() {
    return keyProvider.clone();
  }

  public ImageConfig image() {
    return image;
  }

  /** The current event log and registers, consistent with each other. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /** The full event log (boot events, then runtime events) in log order. */
  public List<SimEvent> eventLog() {
    return snapshot.eventLog();
  }

  /** The registers reported in this instance's quotes. */
  public TdMeasurements measurements() {
    return snapshot.measurements();
  }

  /**
   * dstack v0.5.x {@code EmitEvent}: appends a V1 runtime event after {@code system-ready} and
   * extends RTMR3 with it (dstack-guest-interface.md section 3). Such events are replayed but never
   * contribute to identities (4.5 step 6), which is what this exists to exercise.
   *
   * @throws IllegalArgumentException for an empty or oversized name or payload, or after {@link
   *     #MAX_EMITTED_EVENTS} events
   */
  public synchronized void emitEvent(String name, byte[] payload) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (name.isEmpty() || nameBytes.length > MAX_EVENT_NAME_BYTES) {
      throw new IllegalArgumentException(
          "event name must be 1.." + MAX_EVENT_NAME_BYTES + " bytes");
    }
    if (payload.length > MAX_EVENT_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "event payload larger than " + MAX_EVENT_PAYLOAD_BYTES + " bytes");
    }
    if (emitted >= MAX_EMITTED_EVENTS) {
      throw new IllegalArgumentException("too many emitted events");
    }
    Snapshot old = snapshot;
    Measurement48 digest = RuntimeEvent.v1(name, Bytes.of(payload)).digest();
    List<SimEvent> log = new ArrayList<>(old.eventLog());
    log.add(new SimEvent(3, RuntimeEvent.EVENT_TYPE, digest.toHex(), name, HEX.formatHex(payload)));
    TdMeasurements m = old.measurements();
    byte[] rtmr3 = Rtmr.extend(Measurement48.of(m.rtmr(3)), digest).toByteArray();
    snapshot =
        new Snapshot(
            log,
            new TdMeasurements(
                m.mrtd(),
                m.mrConfigId(),
                m.mrOwner(),
                m.mrOwnerConfig(),
                m.rtmr(0),
                m.rtmr(1),
                m.rtmr(2),
                rtmr3));
    emitted++;
  }

  /**
   * {@code mr_aggregated} (5.5): SHA-256(MRTD || RTMR0-3 || MRCONFIGID || MROWNER ||
   * MROWNERCONFIG).
   */
  public byte[] mrAggregated() {
    return mrAggregated(snapshot.measurements());
  }

  static byte[] mrAggregated(TdMeasurements measurements) {
    MessageDigest d = RequiredAlgorithms.messageDigest("SHA-256");
    d.update(measurements.mrtd());
    for (int i = 0; i < 4; i++) {
      d.update(measurements.rtmr(i));
    }
    // MRCONFIGID is non-zero (V1), so the three config registers are appended.
    d.update(measurements.mrConfigId());
    d.update(measurements.mrOwner());
    d.update(measurements.mrOwnerConfig());
    return d.digest();
  }
}
