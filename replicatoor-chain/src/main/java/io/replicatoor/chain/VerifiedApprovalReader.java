package io.replicatoor.chain;

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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads the UpgradeOperator contract without trusting any single RPC endpoint: a k-of-n quorum on a
 * header whose hash we recompute, the chain id of every endpoint, freshness against trusted time, a
 * persisted high-water mark, and Merkle proofs for the account (code hash pinned) and each slot
 * (upgrade-governance.md §2).
 *
 * <p>Security guarantees: every returned value is implied by a header that at least k configured
 * endpoints served, that was at most {@code maxAge} old and not later than {@code maxClockSkew}
 * ahead of {@code trustedClock}, and whose number is at least the high-water mark, under Keccak-256
 * collision resistance. Fewer than k colluding endpoints can deny service but cannot make a result
 * differ from the chain, and cannot move the decision to a block more than {@code maxLag} blocks
 * below the head of any honest endpoint that answered (0 by default: never older). The reader never
 * executes EVM code and never starts a process.
 *
 * <p>High-water mark: {@link #create(ChainReaderConfig, Clock, HighWaterMarks)} keeps the highest
 * verified block number per chain id and contract in {@link HighWaterMarks} (on disk: the CLI's
 * cache folder, the server's data folder), so a later read, even in another process, never decides
 * on an older block. {@link #raiseHighWaterMark} raises that floor with a block number learned
 * elsewhere: the onboarding hand-over carries the source's verified block number, and the recipient
 * raises its floor to it before its first decision.
 */
public final class VerifiedApprovalReader {
  /** Most {@code proposedIds} entries {@link #proposals} reads; beyond that the newest are kept. */
  public static final int MAX_PROPOSALS = 4096;

  /** Storage slots per {@code eth_getProof} request. */
  public static final int SLOTS_PER_PROOF = 128;

  private final ChainReaderConfig config;
  private final Clock trustedClock;
  private final List<JsonRpcClient> clients;
  private final HeaderQuorum quorum;
  private final HighWaterMarks marks;

  private VerifiedApprovalReader(
      ChainReaderConfig config,
      Clock trustedClock,
      HttpClient http,
      HighWaterMarks marks,
      RpcApiKeys keys) {
    this.config = config;
    this.trustedClock = trustedClock;
    this.marks = marks;
    List<JsonRpcClient> cs = new ArrayList<>();
    for (URI u : config.endpoints()) {
      cs.add(new JsonRpcClient(u, keys, http, config.requestTimeout()));
    }
    this.clients = List.copyOf(cs);
    this.quorum = new HeaderQuorum(clients, config, trustedClock);
  }

  /**
   * A reader whose high-water mark lives only as long as this object; {@code trustedClock} supplies
   * trusted time (5.9), never the host's wall clock in a TEE.
   */
  public static VerifiedApprovalReader create(ChainReaderConfig config, Clock trustedClock) {
    return create(config, trustedClock, HighWaterMarks.inMemory());
  }

  /** A reader that keeps its high-water mark in {@code marks} (see the class comment). */
  public static VerifiedApprovalReader create(
      ChainReaderConfig config, Clock trustedClock, HighWaterMarks marks) {
    return create(config, trustedClock, marks, RpcApiKeys.none());
  }

  /**
   * As {@link #create(ChainReaderConfig, Clock, HighWaterMarks)}, with endpoint templates ({@code
   * {apiKey:NAME}}, see {@link RpcEndpoints#template}) filled from {@code keys} before every
   * request: a key the host sets takes effect on the next read.
   */
  public static VerifiedApprovalReader create(
      ChainReaderConfig config, Clock trustedClock, HighWaterMarks marks, RpcApiKeys keys) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(config.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new VerifiedApprovalReader(
        Objects.requireNonNull(config),
        Objects.requireNonNull(trustedClock),
        http,
        Objects.requireNonNull(marks),
        Objects.requireNonNull(keys));
  }

  public ChainReaderConfig config() {
    return config;
  }

  /** The highest block number verified (or handed over) so far; 0 initially; never decreases. */
  public long highWaterMark() throws ReplicatoorException {
    return marks.get(config.chainId(), config.contract());
  }

  /**
   * Raises the high-water mark to {@code blockNumber} if that is higher, e.g. to the source's
   * verified block number carried in the onboarding hand-over. Later reads fail with {@code
   * HEADER_STALE} rather than decide on an older block.
   */
  public void raiseHighWaterMark(long blockNumber) throws ReplicatoorException {
    marks.raise(config.chainId(), config.contract(), blockNumber);
  }

  /**
   * Steps 1–3: obtains a header from the quorum (rule in {@link HeaderQuorum}), recomputes its
   * hash, checks the chain id, freshness and the high-water mark, then raises the mark.
   *
   * @throws ReplicatoorException RPC_UNAVAILABLE / RPC_ERROR (too few answers), QUORUM_DISAGREES (a
   *     {@link QuorumDisagreesException} listing every endpoint's vote), CHAIN_ID_MISMATCH,
   *     HEADER_HASH_MISMATCH, HEADER_FROM_FUTURE, HEADER_STALE (older than maxAge, or below the
   *     high-water mark)
   */
  public VerifiedBlock verifiedBlock() throws ReplicatoorException {
    long mark = highWaterMark();
    // Steps 1–2: k endpoints agree on a header whose fields hash to the reported hash.
    HeaderQuorum.Decision d = quorum.agree();
    BlockHeader h = d.header();
    // Step 3: freshness against trusted time, and never backwards.
    long now = trustedClock.instant().getEpochSecond();
    long age = now - h.timestamp();
    if (age > config.maxAge().toSeconds()) {
      throw new ReplicatoorException(
          ErrorCode.HEADER_STALE,
          "block "
              + h.number()
              + " timestamp "
              + h.timestamp()
              + " is "
              + age
              + " s old, maximum "
              + config.maxAge().toSeconds()
              + " s");
    }
    if (h.number() < mark) {
      throw new ReplicatoorException(
          ErrorCode.HEADER_STALE,
          "block "
              + h.number()
              + " is below the high-water mark "
              + mark
              + " (kept in "
              + marks.where(config.chainId(), config.contract())
              + "; the reader never decides on an older block than it or its source has seen)");
    }
    raiseHighWaterMark(h.number());
    return new VerifiedBlock(
        h.number(),
        Bytes32.of(h.computedHash()),
        h.timestamp(),
        Bytes32.of(h.stateRoot()),
        d.agreeing());
  }

  /**
   * The block at {@code number} as at least k endpoints report it (recomputed hash, chain id, not
   * from the future), without the freshness and high-water-mark rules of {@link #verifiedBlock()}
   * (an older block is the point: the onboarding source checks a join's block anchor with it and
   * applies its own age rule to the timestamp). Empty when the endpoints do not know the block.
   *
   * @throws ReplicatoorException RPC_UNAVAILABLE, QUORUM_DISAGREES, CHAIN_ID_MISMATCH, ... as
   *     {@link #verifiedBlock()}
   */
  public Optional<VerifiedBlock> blockAt(long number) throws ReplicatoorException {
    if (number < 0) {
      throw new IllegalArgumentException("block number must not be negative");
    }
    return quorum
        .at(number)
        .map(d ->
            new VerifiedBlock(
                d.header().number(),
                Bytes32.of(d.header().computedHash()),
                d.header().timestamp(),
                Bytes32.of(d.header().stateRoot()),
                d.agreeing()));
  }

  /**
   * Steps 4–8: proves {@code slots} of the pinned contract at {@code block}. The endpoints that
   * served the block's header are asked in parallel and the first valid answer wins; only when all
   * of them fail are the other endpoints asked. A valid proof of other code, or of no contract, is
   * definitive.
   */
  public Map<Bytes32, ProvenSlot> proveSlots(VerifiedBlock block, List<Bytes32> slots)
      throws ReplicatoorException {
    List<Bytes32> keys = List.copyOf(new LinkedHashSet<>(slots));
    List<Integer> first = new ArrayList<>();
    for (int i : block.sources()) {
      if (i < clients.size()) {
        first.add(i);
      }
    }
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      if (!first.contains(i)) {
        rest.add(i);
      }
    }
    ProofRace race = new ProofRace();
    if (!first.isEmpty()) {
      Map<Bytes32, ProvenSlot> won = race.run(first, block, keys);
      if (won != null) {
        return won;
      }
    }
    if (!rest.isEmpty()) {
      Map<Bytes32, ProvenSlot> won = race.run(rest, block, keys);
      if (won != null) {
        return won;
      }
    }
    throw race.best;
  }

  /** Parallel {@code eth_getProof} requests; the first valid answer wins. */
  private final class ProofRace {
    private ReplicatoorException best;

    Map<Bytes32, ProvenSlot> run(List<Integer> endpoints, VerifiedBlock block, List<Bytes32> keys)
        throws ReplicatoorException {
      List<String> hexKeys = keys.stream().map(Bytes32::toPrefixedHex).toList();
      String blockParam = "0x" + Long.toHexString(block.number());
      CompletableFuture<Map<Bytes32, ProvenSlot>> winner = new CompletableFuture<>();
      AtomicInteger left = new AtomicInteger(endpoints.size());
      for (int i : endpoints) {
        // Step 5: eth_getProof with full 32-byte keys, at the verified block number.
        clients
            .get(i)
            .callAsync(
                "eth_getProof", List.of(config.contract().toPrefixedHex(), hexKeys, blockParam))
            .handle((json, err) -> {
              try {
                if (err != null) {
                  Throwable c =
                      err instanceof CompletionException && err.getCause() != null
                          ? err.getCause()
                          : err;
                  record(
                      c instanceof ReplicatoorException re
                          ? re
                          : new ReplicatoorException(
                              ErrorCode.RPC_UNAVAILABLE, "eth_getProof failed"));
                } else {
                  winner.complete(
                      ProofVerifier.verify(
                          block, config.contract(), config.codeHash(), keys, json));
                }
              } catch (ReplicatoorException e) {
                if (e.errorCode() == ErrorCode.CODE_HASH_MISMATCH
                    || e.errorCode() == ErrorCode.CONTRACT_NOT_DEPLOYED) {
                  winner.completeExceptionally(e); // a valid proof: definitive
                } else {
                  record(e);
                }
              } catch (RuntimeException e) {
                record(
                    new ReplicatoorException(
                        ErrorCode.PROOF_INVALID,
                        "proof could not be checked: " + e.getClass().getSimpleName()));
              } finally {
                if (left.decrementAndGet() == 0) {
                  winner.complete(null);
                }
              }
              return null;
            });
      }
      try {
        return winner.join(); // each request is bounded by the client's deadline
      } catch (CompletionException e) {
        throw (ReplicatoorException) e.getCause();
      }
    }

    private synchronized void record(ReplicatoorException e) {
      if (best == null) {
        best = e;
      } else if (best.errorCode() != ErrorCode.PROOF_INVALID
          && e.errorCode() == ErrorCode.PROOF_INVALID) {
        best = e; // a defective proof says more than an unreachable endpoint
      }
    }
  }

  /** Proves one slot. */
  public ProvenSlot proveSlot(VerifiedBlock block, Bytes32 slot) throws ReplicatoorException {
    return proveSlots(block, List.of(slot)).get(slot);
  }

  /** Step 9: the approval state of a measurement id (or device key) at {@code block}. */
  public ApprovalState approval(VerifiedBlock block, MeasurementId id) throws ReplicatoorException {
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
   * Every id in {@code proposedIds} (without repeats) with its proven state, so the server can warn
   * applications before an upgrade takes effect. Complete up to {@link #MAX_PROPOSALS} entries,
   * read in pages of {@link #SLOTS_PER_PROOF}; a longer list keeps the newest entries and is
   * flagged {@link ProposalList#truncated()}.
   */
  public ProposalList proposals(VerifiedBlock block) throws ReplicatoorException {
    BigInteger length = proveSlot(block, StorageSlots.PROPOSED_IDS_LENGTH).value().toUnsigned();
    long n = length.bitLength() > 62 ? Long.MAX_VALUE : length.longValueExact();
    long from = Math.max(0, n - MAX_PROPOSALS);
    List<Bytes32> elementSlots = new ArrayList<>();
    for (long i = from; i < n; i++) {
      elementSlots.add(StorageSlots.proposedId(i));
    }
    Map<Bytes32, ProvenSlot> elements = provePaged(block, elementSlots);
    Set<Bytes32> ids = new LinkedHashSet<>();
    for (Bytes32 s : elementSlots) {
      ids.add(elements.get(s).value());
    }
    List<Bytes32> idList = List.copyOf(ids);
    Map<Bytes32, ProvenSlot> values =
        provePaged(block, idList.stream().map(StorageSlots::activeAt).toList());
    List<ApprovalState> out = new ArrayList<>();
    for (Bytes32 id : idList) {
      out.add(stateOf(id, values.get(StorageSlots.activeAt(id))));
    }
    return new ProposalList(out, n, from > 0);
  }

  private Map<Bytes32, ProvenSlot> provePaged(VerifiedBlock block, List<Bytes32> slots)
      throws ReplicatoorException {
    Map<Bytes32, ProvenSlot> out = new LinkedHashMap<>();
    for (int i = 0; i < slots.size(); i += SLOTS_PER_PROOF) {
      out.putAll(proveSlots(block, slots.subList(i, Math.min(slots.size(), i + SLOTS_PER_PROOF))));
    }
    return out;
  }

  /** Proposals still pending at {@code block}, with their activation times. */
  public ProposalList pendingUpgrades(VerifiedBlock block) throws ReplicatoorException {
    ProposalList all = proposals(block);
    return new ProposalList(
        all.states().stream().filter(s -> s.status() == ApprovalStatus.PENDING).toList(),
        all.length(),
        all.truncated());
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
      throw new ReplicatoorException(
          ErrorCode.PROOF_INVALID,
          "activeAt[" + id.toPrefixedHex() + "] = " + v + " is outside the contract's range");
    }
    long at = v.longValueExact();
    ApprovalStatus s =
        at <= slot.block().timestamp() ? ApprovalStatus.ACTIVE : ApprovalStatus.PENDING;
    return new ApprovalState(id, s, at, slot);
  }
}
