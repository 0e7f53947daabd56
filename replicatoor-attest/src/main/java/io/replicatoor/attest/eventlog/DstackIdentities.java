package io.replicatoor.attest.eventlog;

import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.bytes.Bytes32;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Identity values taken from the first occurrence of each known RTMR3 event before {@code
 * system-ready} (dstack-guest-interface.md 4.5 step 6, 4.7); events after it never contribute.
 *
 * @param appId {@code app-id} (20 bytes; host-chosen, not part of the measurement)
 * @param composeHash {@code compose-hash}
 * @param instanceId {@code instance-id} (20 bytes or empty)
 * @param keyProvider {@code key-provider}
 * @param osImageHash {@code os-image-hash} (KMS key provider only)
 * @param storageFs {@code storage-fs} (v0.5.5+)
 * @param rootfsHash {@code rootfs-hash} (v0.4.x images)
 * @param mrKms {@code mr-kms} (KMS mode, v0.4-v0.5.11)
 * @param gpuPolicyHash {@code gpu-policy-hash} (HEAD)
 * @param initScriptHashes every {@code init-script-hash} before system-ready, in order (HEAD)
 * @param systemReady whether a {@code system-ready} event was seen
 */
public record DstackIdentities(
    Optional<Bytes> appId,
    Optional<Bytes32> composeHash,
    Optional<Bytes> instanceId,
    Optional<KeyProvider> keyProvider,
    Optional<Bytes32> osImageHash,
    Optional<String> storageFs,
    Optional<Bytes32> rootfsHash,
    Optional<Bytes32> mrKms,
    Optional<Bytes32> gpuPolicyHash,
    List<Bytes32> initScriptHashes,
    boolean systemReady) {

  /** Rejects null components and copies the list. */
  public DstackIdentities {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(composeHash, "composeHash");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(keyProvider, "keyProvider");
    Objects.requireNonNull(osImageHash, "osImageHash");
    Objects.requireNonNull(storageFs, "storageFs");
    Objects.requireNonNull(rootfsHash, "rootfsHash");
    Objects.requireNonNull(mrKms, "mrKms");
    Objects.requireNonNull(gpuPolicyHash, "gpuPolicyHash");
    initScriptHashes = List.copyOf(initScriptHashes);
  }
}
