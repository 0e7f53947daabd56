package io.replicatoor.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.chain.internal.BlockHeader;
import io.replicatoor.chain.internal.JsonRpcClient;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.MeasurementId;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the UpgradeOperator contract without trusting any single RPC endpoint: a k-of-n quorum on
 * a header whose hash we recompute, freshness against trusted time and a high-water mark, and
 * Merkle proofs for the account (code hash pinned) and each slot (upgrade-governance.md 5.2).
 *
 * <p>Security guarantees: every returned value is implied by a header that at least k configured
 * endpoints reported and that was at most {@code maxAge} old by {@code trustedClock}, under
 * Keccak-256 collision resistance. Fewer than k colluding endpoints can deny service but cannot
 * make a result differ from the chain. The reader never executes EVM code and never starts a
 * process.
 */
public final class UpgradePolicy {
  /** Most proposals returned by {@link #proposals}; the newest are kept. */
  public static final int MAX_PROPOSALS = 256;

  private final ChainReaderConfig config;
  private final Clock trustedClock;
  private final List<JsonRpcClient> clients;
  private final HeaderQuorum quorum;
  private final AtomicLong highWaterMark = new AtomicLong(0);

  private UpgradePolicy(ChainReaderConfig config, Clock trustedClock, HttpClient http) {
    this.config = config;
    this.trustedClock = trustedClock;
    List<JsonRpcClient> cs = new ArrayList<>();
    for (URI u : config.endpoints()) {
      cs.add(new JsonRpcClient(u, http, config.requestTimeout()));
    }
    this.clients = List.copyOf(cs);
    this.quorum = new HeaderQuorum(clients, config.quorum());
  }

  /**
   * A reader for {@code config}; {@code trustedClock} supplies trusted time (5.9), never the
   * host's wall clock in a TEE.
   */
  public static UpgradePolicy create(ChainReaderConfig config, Clock trustedClock) {
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(config.requestTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    return new UpgradePolicy(Objects.requireNonNull(config), Objects.requireNonNull(trustedClock), http);
  }

  public ChainReaderConfig config() {
    return config;
  }

  /** The highest block number verified so far (0 initially); never decreases. */
  public long highWaterMark() {
    return highWaterMark.get();
  }

  /** Raises the high-water mark, e.g. to the mark handed over during onboarding. */
  public void raiseHighWaterMark(long blockNumber) {
    highWaterMark.accumulateAndGet(blockNumber, Math::max);
  }

  /**
   * Steps 1–3: obtains a header from the quorum, recomputes its hash, checks freshness and the
   * high-water mark.
   *
   * @throws ReplicatoorException RPC_UNAVAILABLE / RPC_ERROR (too few answers), QUORUM_DISAGREES,
   *     HEADER_HASH_MISMATCH, HEADER_STALE (older than maxAge, or below the high-water mark)
   */
  public VerifiedBlock verifiedBlock() throws ReplicatoorException {
    // Steps 1–2: k endpoints agree on a header whose fields hash to the reported hash.
    BlockHeader h = quorum.agree(config.blockTag(), config.confirmations());
    // Step 3: freshness against trusted time, and never backwards.
    long now = trustedClock.instant().getEpochSecond();
    long age = now - h.timestamp();
    if (age > config.maxAge().toSeconds()) {
      throw new ReplicatoorException(ErrorCode.HEADER_STALE, "block " + h.number() + " timestamp "
          + h.timestamp() + " is " + age + " s old, maximum " + config.maxAge().toSeconds() + " s");
    }
    long mark = highWaterMark.get();
    if (h.number() < mark) {
      throw new ReplicatoorException(ErrorCode.HEADER_STALE,
          "block " + h.number() + " is below the high-water mark " + mark);
    }
    raiseHighWaterMark(h.number());
    return new VerifiedBlock(h.number(), Bytes32.of(h.computedHash()), h.timestamp(),
        Bytes32.of(h.stateRoot()));
  }

  /**
   * Steps 4–8: proves {@code slots} of the pinned contract at {@code block}. Proofs may come from
   * any configured endpoint; a defective proof from one endpoint is retried on the next.
   */
  public Map<Bytes32, ProvenSlot> proveSlots(VerifiedBlock block, List<Bytes32> slots)
      throws ReplicatoorException {
    List<Bytes32> keys = List.copyOf(new LinkedHashSet<>(slots));
    List<String> hexKeys = keys.stream().map(Bytes32::toPrefixedHex).toList();
    String blockParam = "0x" + Long.toHexString(block.number());
    ReplicatoorException first = null;
    for (JsonRpcClient c : clients) {
      try {
        // Step 5: eth_getProof with full 32-byte keys, at the verified block number.
        JsonNode result = c.call("eth_getProof", List.of(config.contract().toPrefixedHex(), hexKeys, blockParam));
        return ProofVerifier.verify(block, config.contract(), config.codeHash(), keys, result);
      } catch (ReplicatoorException e) {
        if (e.errorCode() == ErrorCode.CODE_HASH_MISMATCH) {
          throw e; // a valid proof of the wrong code: definitive, not an endpoint fault
        }
        if (first == null || (first.errorCode() != ErrorCode.PROOF_INVALID
            && e.errorCode() == ErrorCode.PROOF_INVALID)) {
          first = e;
        }
      }
    }
    throw first;
  }

  /** Proves one slot. */
  public ProvenSlot proveSlot(VerifiedBlock block, Bytes32 slot) throws ReplicatoorException {
    return proveSlots(block, List.of(slot)).get(slot);
  }

  /** Step 9: the approval state of a measurement id (or device key) at {@code block}. */
  public ApprovalState approval(VerifiedBlock block, MeasurementId id)
      throws ReplicatoorException {
    Bytes32 key = id.toBytes32();
    return stateOf(key, proveSlot(block, StorageSlots.activeAt(key)));
  }

  /** The registered state fingerprint at {@code block}; zero before the genesis registration. */
  public Bytes32 stateFingerprint(VerifiedBlock block) throws ReplicatoorException {
    return proveSlot(block, StorageSlots.STATE_KEY_FINGERPRINT).value();
  }

  /** The genesis decision (P4) for state with fingerprint {@code ours} at {@code block}. */
  public GenesisStatus genesis(VerifiedBlock block, Bytes32 ours) throws ReplicatoorException {
    return GenesisStatus.of(proveSlot(block, StorageSlots.STATE_KEY_FINGERPRINT), ours);
  }

  /**
   * Every id in {@code proposedIds} (newest {@link #MAX_PROPOSALS}, without repeats) with its
   * proven state, so the server can warn applications before an upgrade takes effect.
   */
  public List<ApprovalState> proposals(VerifiedBlock block) throws ReplicatoorException {
    BigInteger length = proveSlot(block, StorageSlots.PROPOSED_IDS_LENGTH).value().toUnsigned();
    if (length.bitLength() > 31) {
      throw new ReplicatoorException(ErrorCode.PROOF_INVALID, "proposedIds length out of range");
    }
    int n = length.intValue();
    int from = Math.max(0, n - MAX_PROPOSALS);
    List<Bytes32> elementSlots = new ArrayList<>();
    for (int i = from; i < n; i++) {
      elementSlots.add(StorageSlots.proposedId(i));
    }
    if (elementSlots.isEmpty()) {
      return List.of();
    }
    Map<Bytes32, ProvenSlot> elements = proveSlots(block, elementSlots);
    Set<Bytes32> ids = new LinkedHashSet<>();
    for (Bytes32 s : elementSlots) {
      ids.add(elements.get(s).value());
    }
    List<Bytes32> idList = List.copyOf(ids);
    Map<Bytes32, ProvenSlot> values =
        proveSlots(block, idList.stream().map(StorageSlots::activeAt).toList());
    List<ApprovalState> out = new ArrayList<>();
    for (Bytes32 id : idList) {
      out.add(stateOf(id, values.get(StorageSlots.activeAt(id))));
    }
    return out;
  }

  /** Proposals still pending at {@code block}, with their activation times. */
  public List<ApprovalState> pendingUpgrades(VerifiedBlock block) throws ReplicatoorException {
    return proposals(block).stream().filter(s -> s.status() == ApprovalStatus.PENDING).toList();
  }

  /** Step 9 rule: approved iff {@code 0 < v <= H.timestamp} and {@code v != 2^256-1}. */
  static ApprovalState stateOf(Bytes32 id, ProvenSlot slot) throws ReplicatoorException {
    BigInteger v = slot.value().toUnsigned();
    if (v.signum() == 0) {
      return new ApprovalState(id, ApprovalStatus.NONE, 0, slot);
    }
    if (v.equals(StorageSlots.REVOKED)) {
      return new ApprovalState(id, ApprovalStatus.REVOKED, 0, slot);
    }
    if (v.bitLength() > 62) {
      // The pinned contract bounds the delay, so this cannot come from it.
      throw new ReplicatoorException(ErrorCode.PROOF_INVALID,
          "activeAt[" + id.toPrefixedHex() + "] = " + v + " is outside the contract's range");
    }
    long at = v.longValueExact();
    ApprovalStatus s = at <= slot.block().timestamp() ? ApprovalStatus.ACTIVE : ApprovalStatus.PENDING;
    return new ApprovalState(id, s, at, slot);
  }
}
