package io.replicatoor.attest.measure;

import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The inputs of the RTMR3 events dstack's guest setup emits during boot, in the order of releases
 * v0.4.x to v0.5.11 (dstack-guest-interface.md 4.6): {@code system-preparing}, [{@code
 * rootfs-hash}], {@code app-id}, {@code compose-hash}, {@code instance-id}, {@code boot-mr-done},
 * [{@code mr-kms}], [{@code os-image-hash}], {@code key-provider}, [{@code storage-fs}], {@code
 * system-ready}; bracketed events are emitted only when their input is present.
 *
 * @param rootfsHash the v0.4.x {@code rootfs-hash} payload, when present
 * @param appId the {@code app-id} payload (20 bytes)
 * @param composeHash the {@code compose-hash} payload
 * @param instanceId the {@code instance-id} payload (20 bytes, or empty with no_instance_id)
 * @param mrKms the {@code mr-kms} payload, when present
 * @param osImageHash the {@code os-image-hash} payload, when present (KMS key provider)
 * @param keyProvider the {@code key-provider} payload: compact JSON {@code {"name":..,"id":..}}
 * @param storageFs the {@code storage-fs} payload (ASCII, e.g. {@code zfs}), when present
 * @param version the runtime event digest version used for every event (1, or 2 with {@code
 *     "event_log_version": 2})
 */
public record DstackBootEvents(
    Optional<Bytes32> rootfsHash,
    Bytes appId,
    Bytes32 composeHash,
    Bytes instanceId,
    Optional<Bytes32> mrKms,
    Optional<Bytes32> osImageHash,
    Bytes keyProvider,
    Optional<String> storageFs,
    int version) {

  /** Checks field sizes (dstack-guest-interface.md 4.7). */
  public DstackBootEvents {
    Objects.requireNonNull(rootfsHash, "rootfsHash");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(composeHash, "composeHash");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(mrKms, "mrKms");
    Objects.requireNonNull(osImageHash, "osImageHash");
    Objects.requireNonNull(keyProvider, "keyProvider");
    Objects.requireNonNull(storageFs, "storageFs");
    if (appId.length() != 20) {
      throw new IllegalArgumentException("app-id must be 20 bytes, got " + appId.length());
    }
    if (instanceId.length() != 20 && !instanceId.isEmpty()) {
      throw new IllegalArgumentException(
          "instance-id must be 20 bytes or empty, got " + instanceId.length());
    }
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("event version must be 1 or 2, got " + version);
    }
  }

  /** The events in emission order. */
  public List<RuntimeEvent> events() {
    List<RuntimeEvent> out = new ArrayList<>();
    out.add(ev("system-preparing", Bytes.empty()));
    rootfsHash.ifPresent(h -> out.add(ev("rootfs-hash", bytes(h))));
    out.add(ev("app-id", appId));
    out.add(ev("compose-hash", bytes(composeHash)));
    out.add(ev("instance-id", instanceId));
    out.add(ev("boot-mr-done", Bytes.empty()));
    mrKms.ifPresent(h -> out.add(ev("mr-kms", bytes(h))));
    osImageHash.ifPresent(h -> out.add(ev("os-image-hash", bytes(h))));
    out.add(ev("key-provider", keyProvider));
    storageFs.ifPresent(
        s -> out.add(ev("storage-fs", Bytes.of(s.getBytes(StandardCharsets.UTF_8)))));
    out.add(ev("system-ready", Bytes.empty()));
    return List.copyOf(out);
  }

  /** The RTMR3 value these events produce. */
  public Measurement48 rtmr3() {
    return Rtmr.replay(events().stream().map(RuntimeEvent::digest).toList());
  }

  /**
   * The compact key-provider payload {@code {"name":"<name>","id":"<id>"}} dstack writes; {@code
   * name} and {@code id} must not need JSON escaping.
   */
  public static Bytes keyProviderPayload(String name, String id) {
    for (String s : new String[] {name, id}) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
          throw new IllegalArgumentException("key-provider name/id must be printable ASCII");
        }
      }
    }
    String json = "{\"name\":\"" + name + "\",\"id\":\"" + id + "\"}";
    return Bytes.of(json.getBytes(StandardCharsets.US_ASCII));
  }

  private RuntimeEvent ev(String name, Bytes payload) {
    return new RuntimeEvent(name, payload, version);
  }

  private static Bytes bytes(Bytes32 v) {
    return Bytes.of(v.toByteArray());
  }
}
