package io.replicatoor.attest.agent;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code Info} / {@code Tappd.Info} (section 3.3): convenience values for the local process only; a
 * remote verifier derives the same values from a verified quote and a replayed event log instead.
 * Hex values are normalised to lowercase without {@code 0x}.
 *
 * @param appId the app id (hex; a free-form string on v0.3.x agents)
 * @param instanceId the instance id (hex, may be empty)
 * @param appName the app name
 * @param tcbInfo the {@code tcb_info} JSON string (MRs, event log, raw app-compose.json)
 * @param composeHash the compose hash, when reported
 * @param osImageHash the OS image hash, when reported
 * @param deviceId the device id, when reported
 */
public record AppInfo(
    String appId,
    String instanceId,
    String appName,
    Optional<String> tcbInfo,
    Optional<String> composeHash,
    Optional<String> osImageHash,
    Optional<String> deviceId) {

  /** Rejects null components. */
  public AppInfo {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(appName, "appName");
    Objects.requireNonNull(tcbInfo, "tcbInfo");
    Objects.requireNonNull(composeHash, "composeHash");
    Objects.requireNonNull(osImageHash, "osImageHash");
    Objects.requireNonNull(deviceId, "deviceId");
  }
}
