package io.replicatoor.attest.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.measure.Rtmr;
import io.replicatoor.attest.measure.RuntimeEvent;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.json.BoundedJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays a dstack event log into RTMR0-3, recomputing every runtime (RTMR3) digest from its name
 * and payload, and extracts identities from the first occurrences before {@code system-ready}
 * (dstack-guest-interface.md 4.4, 4.5).
 *
 * <p>Security guarantees: a logged runtime digest is never extended, only compared (an empty one is
 * accepted, a different non-empty one is rejected); an imr 3 entry with a non-runtime type and a
 * runtime-typed entry outside imr 3 are rejected; events after {@code system-ready} are replayed
 * but cannot influence identities; a repeated identity event before {@code system-ready} is
 * rejected, and so is a V1 event name containing {@code ':'} there (its name/payload split is
 * ambiguous).
 */
public final class RtmrReplay {
  /** Event names whose first occurrence before system-ready is an identity. */
  static final String APP_ID = "app-id";

  static final String COMPOSE_HASH = "compose-hash";
  static final String INSTANCE_ID = "instance-id";
  static final String KEY_PROVIDER = "key-provider";
  static final String OS_IMAGE_HASH = "os-image-hash";
  static final String STORAGE_FS = "storage-fs";
  static final String ROOTFS_HASH = "rootfs-hash";
  static final String MR_KMS = "mr-kms";
  static final String GPU_POLICY_HASH = "gpu-policy-hash";
  static final String INIT_SCRIPT_HASH = "init-script-hash";
  static final String SYSTEM_READY = "system-ready";

  /** The V1 preimage separator (dstack-guest-interface.md 4.3). */
  static final char V1_SEPARATOR = ':';

  /** Names that may occur at most once before system-ready (4.5 step 7, optional hardening). */
  private static final Set<String> UNIQUE =
      Set.of(
          APP_ID,
          COMPOSE_HASH,
          INSTANCE_ID,
          KEY_PROVIDER,
          OS_IMAGE_HASH,
          STORAGE_FS,
          ROOTFS_HASH,
          MR_KMS,
          GPU_POLICY_HASH);

  /** Payload sizes (4.7). */
  static final int APP_ID_SIZE = 20;

  static final int INSTANCE_ID_SIZE = 20;
  static final int MAX_STORAGE_FS_SIZE = 64;
  static final int MAX_KEY_PROVIDER_SIZE = 4096;

  private static final BoundedJson KEY_PROVIDER_JSON =
      BoundedJson.withMaxBytes(MAX_KEY_PROVIDER_SIZE);

  private RtmrReplay() {}

  /**
   * Replays {@code log}.
   *
   * @throws ReplicatoorException {@code EVENT_LOG_MALFORMED} for structural violations (wrong type
   *     in imr 3, a boot digest that is not 48 bytes, a repeated identity or system-ready event, a
   *     malformed identity payload); {@code RTMR_MISMATCH} when a logged runtime digest or V2
   *     preimage differs from the recomputed one
   */
  public static ReplayResult replay(EventLog log) throws ReplicatoorException {
    List<List<Measurement48>> perImr = new ArrayList<>();
    for (int i = 0; i < TdxEvent.RTMR_COUNT; i++) {
      perImr.add(new ArrayList<>());
    }
    boolean bootPayloadsPresent = true;
    List<RuntimeEvent> runtime = new ArrayList<>();
    List<RuntimeEvent> appEvents = new ArrayList<>();
    Extractor ids = new Extractor();
    boolean systemReady = false;
    List<TdxEvent> events = log.events();
    for (int i = 0; i < events.size(); i++) {
      TdxEvent e = events.get(i);
      if (e.imr() == TdxEvent.RUNTIME_IMR) {
        // Step 2: every imr 3 entry must be a runtime event (the Go SDK skips others; we fail).
        if (!e.isRuntimeType()) {
          throw EventLog.malformed(
              e.describe(i)
                  + ": event_type 0x"
                  + Long.toHexString(e.eventType())
                  + " is not the runtime type 0x08000001");
        }
        RuntimeEvent re;
        try {
          re = e.toRuntimeEvent();
        } catch (IllegalArgumentException ex) {
          throw EventLog.malformed(e.describe(i) + ": " + ex.getMessage());
        }
        // Step 3: recompute the digest from name and payload.
        Measurement48 digest = re.digest();
        // Step 4: a non-empty logged digest must equal the recomputed one; it is never used.
        if (!e.digest().isEmpty() && !e.digest().equals(Bytes.of(digest.toByteArray()))) {
          throw new ReplicatoorException(
              ErrorCode.RTMR_MISMATCH,
              e.describe(i)
                  + ": logged digest does not match the digest recomputed from its"
                  + " name and payload (V"
                  + re.version()
                  + ")");
        }
        if (e.preimage().isPresent()
            && !MessageDigest.isEqual(e.preimage().get().toByteArray(), re.preimage())) {
          throw new ReplicatoorException(
              ErrorCode.RTMR_MISMATCH,
              e.describe(i)
                  + ": logged preimage is not the canonical V"
                  + re.version()
                  + " preimage of its name and payload");
        }
        perImr.get(TdxEvent.RUNTIME_IMR).add(digest);
        runtime.add(re);
        // Step 6: identities come only from events before the first system-ready.
        if (systemReady) {
          if (re.name().equals(SYSTEM_READY)) {
            throw EventLog.malformed(e.describe(i) + ": second system-ready event");
          }
          appEvents.add(re);
        } else if (re.name().equals(SYSTEM_READY)) {
          systemReady = true;
        } else if (re.version() == 1 && re.name().indexOf(V1_SEPARATOR) >= 0) {
          // V1 hashes type ':' name ':' payload: a ':' in the name means the log may have moved
          // the name/payload boundary (same digest, different identity); dstack names have none.
          throw EventLog.malformed(
              e.describe(i)
                  + ": ':' in a V1 event name before system-ready"
                  + " makes its name/payload split ambiguous");
        } else {
          ids.accept(re, e.describe(i));
        }
      } else {
        if (e.isRuntimeType()) {
          throw EventLog.malformed(e.describe(i) + ": runtime event type outside imr 3");
        }
        if (e.digest().length() != Measurement48.SIZE) {
          throw EventLog.malformed(
              e.describe(i) + ": boot event digest must be 48 bytes, got " + e.digest().length());
        }
        if (e.payload().isEmpty()) {
          bootPayloadsPresent = false; // stripped log (4.2): payloads removed
        }
        perImr.get(e.imr()).add(Measurement48.of(e.digest().toByteArray()));
      }
    }
    List<Measurement48> registers = new ArrayList<>();
    boolean bootComplete = bootPayloadsPresent;
    for (int i = 0; i < TdxEvent.RTMR_COUNT; i++) {
      registers.add(Rtmr.replay(perImr.get(i)));
      if (i < TdxEvent.RUNTIME_IMR && perImr.get(i).isEmpty()) {
        bootComplete = false;
      }
    }
    return new ReplayResult(
        registers, bootComplete, ids.build(systemReady), ids.formatErrors, runtime, appEvents);
  }

  /** Collects first occurrences and checks their payload formats (4.7). */
  static final class Extractor {
    private final Set<String> seen = new HashSet<>();
    private Bytes appId;
    private Bytes32 composeHash;
    private Bytes instanceId;
    private KeyProvider keyProvider;
    private Bytes32 osImageHash;
    private String storageFs;
    private Bytes32 rootfsHash;
    private Bytes32 mrKms;
    private Bytes32 gpuPolicyHash;
    private final List<Bytes32> initScripts = new ArrayList<>();
    private final List<String> formatErrors = new ArrayList<>();

    void accept(RuntimeEvent re, String at) throws ReplicatoorException {
      String name = re.name();
      if (UNIQUE.contains(name) && !seen.add(name)) {
        throw EventLog.malformed(at + ": repeated before system-ready");
      }
      try {
        extract(re, at);
      } catch (ReplicatoorException e) {
        // Step 8 (payload formats) is enforced by ReplayResult.requireIdentities; a replay of a
        // log with a malformed identity payload still reports its registers.
        formatErrors.add(e.getMessage());
      }
    }

    private void extract(RuntimeEvent re, String at) throws ReplicatoorException {
      String name = re.name();
      Bytes p = re.payload();
      switch (name) {
        case APP_ID -> appId = sized(p, APP_ID_SIZE, at);
        case COMPOSE_HASH -> composeHash = hash(p, at);
        case INSTANCE_ID -> {
          if (!p.isEmpty() && p.length() != INSTANCE_ID_SIZE) {
            throw EventLog.malformed(at + ": payload must be 20 bytes or empty, got " + p.length());
          }
          instanceId = p;
        }
        case KEY_PROVIDER -> keyProvider = keyProvider(p, at);
        case OS_IMAGE_HASH -> osImageHash = hash(p, at);
        case STORAGE_FS -> storageFs = ascii(p, at);
        case ROOTFS_HASH -> rootfsHash = hash(p, at);
        case MR_KMS -> mrKms = hash(p, at);
        case GPU_POLICY_HASH -> gpuPolicyHash = hash(p, at);
        case INIT_SCRIPT_HASH -> initScripts.add(hash(p, at));
        default -> {
          // system-preparing, boot-mr-done, gpu-attestation and unknown OS events: replayed only.
        }
      }
    }

    DstackIdentities build(boolean systemReady) {
      return new DstackIdentities(
          Optional.ofNullable(appId),
          Optional.ofNullable(composeHash),
          Optional.ofNullable(instanceId),
          Optional.ofNullable(keyProvider),
          Optional.ofNullable(osImageHash),
          Optional.ofNullable(storageFs),
          Optional.ofNullable(rootfsHash),
          Optional.ofNullable(mrKms),
          Optional.ofNullable(gpuPolicyHash),
          initScripts,
          systemReady);
    }

    private static Bytes sized(Bytes p, int size, String at) throws ReplicatoorException {
      if (p.length() != size) {
        throw EventLog.malformed(at + ": payload must be " + size + " bytes, got " + p.length());
      }
      return p;
    }

    private static Bytes32 hash(Bytes p, String at) throws ReplicatoorException {
      return Bytes32.of(sized(p, Bytes32.SIZE, at).toByteArray());
    }

    private static String ascii(Bytes p, String at) throws ReplicatoorException {
      byte[] b = p.toByteArray();
      if (b.length == 0 || b.length > MAX_STORAGE_FS_SIZE) {
        throw EventLog.malformed(at + ": payload must be 1.." + MAX_STORAGE_FS_SIZE + " bytes");
      }
      for (byte c : b) {
        if (c < 0x21 || c > 0x7e) {
          throw EventLog.malformed(at + ": payload must be printable ASCII");
        }
      }
      return new String(b, StandardCharsets.US_ASCII);
    }

    static KeyProvider keyProvider(Bytes p, String at) throws ReplicatoorException {
      JsonNode n;
      try {
        n = KEY_PROVIDER_JSON.read(p.toByteArray());
      } catch (IOException e) {
        throw EventLog.malformed(at + ": payload is not a JSON document: " + e.getMessage());
      }
      if (!n.isObject() || !n.path("name").isTextual() || !n.path("id").isTextual()) {
        throw EventLog.malformed(at + ": payload must be {\"name\":string,\"id\":string}");
      }
      for (Map.Entry<String, JsonNode> field : n.properties()) {
        String k = field.getKey();
        if (!k.equals("name") && !k.equals("id")) {
          throw EventLog.malformed(at + ": payload has an unexpected field");
        }
      }
      return new KeyProvider(n.get("name").asText(), n.get("id").asText(), p);
    }
  }
}
