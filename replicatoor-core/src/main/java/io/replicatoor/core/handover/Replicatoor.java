package io.replicatoor.core.handover;

import com.google.crypto.tink.subtle.X25519;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.handover.InstanceState.Candidate;
import io.replicatoor.core.handover.InstanceState.Halted;
import io.replicatoor.core.handover.InstanceState.Joining;
import io.replicatoor.core.handover.InstanceState.NoState;
import io.replicatoor.core.handover.InstanceState.Serving;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.ApprovalReader;
import io.replicatoor.core.port.ApprovalReading;
import io.replicatoor.core.port.ApprovalStatus;
import io.replicatoor.core.port.ChainBlock;
import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.port.OwnEvidence;
import io.replicatoor.core.port.PeerVerification;
import io.replicatoor.core.port.PeerVerifier;
import io.replicatoor.core.port.PendingUpgrades;
import io.replicatoor.core.port.ReportData;
import io.replicatoor.core.port.SealedState;
import io.replicatoor.core.port.SealingKeySource;
import io.replicatoor.core.port.SelfAttestation;
import io.replicatoor.core.port.Sha256Hash;
import io.replicatoor.core.port.StateStore;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.core.state.KeyAlgorithm;
import io.replicatoor.core.state.ReplicatedState;
import io.replicatoor.core.state.SealedStateCodec;
import io.replicatoor.core.state.StateFingerprint;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One replicatoor instance: the single entry point the server and the embedding call, one method
 * per route ({@link #requestKey}, {@link #onboard}, {@link #receiveKey}, {@link #genesis}, {@link
 * #refresh}, {@link #status}, {@link #deriveKey}). Pure: all I/O goes through the ports given to
 * the {@link Builder}. Thread-safe: every route that can change the instance holds the instance
 * lock (port calls happen under it, so those routes are serialised) and publishes a new {@link
 * StatusView} when it ends; {@link #status()} and {@link #deriveKey} take no lock, so neither waits
 * for a hand-over or a chain refresh in progress.
 *
 * <p>The protocol is specified byte for byte in {@code docs/protocol.md}; each step below names its
 * section. Every refusal is a {@link ReplicatoorException} whose {@link ErrorCode} names the
 * reason; no refusal changes the held state except where stated (a revoked instance halts and
 * wipes; a losing genesis candidate wipes).
 */
public final class Replicatoor {
  /** Trust statement shown in status and logged at start when sealing is on (issue 13). */
  public static final String KMS_SEALING_TRUST =
      "sealed with a dstack KMS key: trusts the dstack KMS and whoever can change this app's"
          + " DstackApp allow-list (govern it with a delay of at least the UpgradeOperator's)";

  /** How far in the future (chain time vs trusted time) a join anchor may be. */
  static final Duration MAX_ANCHOR_SKEW = Duration.ofMinutes(1);

  private final HandoverConfig config;
  private final SelfAttestation self;
  private final PeerVerifier verifier;
  private final ApprovalReader approvals;
  private final Optional<StateStore> store;
  private final Optional<SealingKeySource> sealingKeys;
  private final Clock clock;
  private final SecureRandom random;
  private final JoinReplayCache replay;

  private VerifiedPeer own;

  /** Written under the instance lock; read without it by {@link #deriveKey}. */
  private volatile InstanceState state = new NoState();

  /** The status as of the end of the last locked route; {@link #status()} returns it. */
  private volatile StatusView published;

  private long highestSeenVersion = -1;
  private long lastVerifiedBlock = -1;
  private long peersOnboarded;
  private boolean onboardedFrom;
  private ChainBlock lastBlock;
  private ApprovalStatus ownApproval;
  private PendingUpgrades pending;
  private StatusAttestation statusQuote;
  private Phase lastPhase;
  private Instant phaseSince;
  private StatusView.Reason fault;

  private Replicatoor(Builder b) {
    this.config = b.config;
    this.self = b.self;
    this.verifier = b.verifier;
    this.approvals = b.approvals;
    this.store = Optional.ofNullable(b.store);
    this.sealingKeys = Optional.ofNullable(b.sealingKeys);
    this.clock = b.clock;
    this.random = b.random;
    this.replay = new JoinReplayCache(config.replayCacheCapacity());
  }

  /** A builder over the ports. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- start ------------------------------------------------------------------------------

  /** Step 0 (protocol.md §9): learn the own measurement, then resume a sealed state if enabled. */
  private void start() throws ReplicatoorException {
    byte[] nonce = new byte[32];
    random.nextBytes(nonce);
    ReportData rd = Transcripts.reportData(Transcripts.self(config, nonce));
    OwnEvidence ev = self.quote(rd);
    own = verifyPeer(ev.evidence(), rd, "this instance's own quote");
    if (!own.quoteHash().equals(ev.quoteHash())) {
      throw new ReplicatoorException(
          ErrorCode.INTERNAL, "self attestation and peer verifier disagree on the quote hash");
    }
    if (config.sealing() == SealingMode.KMS) {
      resumeSealed();
    }
  }

  private void resumeSealed() throws ReplicatoorException {
    Optional<SealedState> blob = store.orElseThrow().load();
    if (blob.isEmpty()) {
      return;
    }
    ReplicatedState s = SealedStateCodec.unseal(blob.get(), kmsKey());
    // Issue 13: after unsealing, re-check the own measurement at a verified block, and the
    // fingerprint against the chain, before serving or transferring anything. On a refusal the
    // unsealed state is dropped (never installed) and start fails.
    try {
      VerifiedApproval a = selfCheck();
      requireRegistered(a, s.fingerprint(), "the sealed state");
    } catch (ReplicatoorException e) {
      s.destroy();
      throw e;
    }
    state = new Serving(s);
    highestSeenVersion = s.version();
  }

  // ---- routes -----------------------------------------------------------------------------

  /**
   * {@code POST /requestKey} on B (protocol.md §5.1): a fresh X25519 key pair for this join only,
   * anchored to the newest verified block, quoted with REPORTDATA = SHA-512(T_join). A second call
   * replaces (and erases) the previous open join.
   *
   * @throws ReplicatoorException {@code ALREADY_CONFIGURED} when a state is held, port codes
   *     otherwise
   */
  public synchronized JoinRequest requestKey() throws ReplicatoorException {
    try {
      return requestKeyLocked();
    } finally {
      publish();
    }
  }

  private JoinRequest requestKeyLocked() throws ReplicatoorException {
    switch (state) {
      case NoState n -> {}
      case Joining j -> {}
      case Candidate c -> throw alreadyConfigured();
      case Serving s -> throw alreadyConfigured();
      case Halted h -> throw halted(h);
    }
    ChainBlock head = approvals.head();
    noteBlock(head);
    BlockAnchor anchor = new BlockAnchor(head.number(), head.hash());
    byte[] sk = new byte[Hpke.KEY_BYTES];
    random.nextBytes(sk);
    try {
      byte[] pk = x25519Public(sk);
      ReportData rd = Transcripts.reportData(Transcripts.join(config, anchor, pk));
      OwnEvidence ev = self.quote(rd);
      JoinRequest req = new JoinRequest(pk, ev.evidence(), anchor);
      if (state instanceof Joining old) {
        old.join().destroy();
      }
      state =
          new Joining(
              new PendingJoin(SecretBytes.copyOf(sk), pk, anchor, ev.quoteHash(), clock.instant()));
      return req;
    } finally {
      Arrays.fill(sk, (byte) 0);
    }
  }

  /**
   * {@code POST /onboard} on A (protocol.md §5.2): re-check the own measurement; verify B's quote
   * against the rebuilt T_join (all 64 bytes); B's measurement approved and active at a verified
   * block; anchor known to A's reader and younger than the max join age; join not answered before;
   * then HPKE-seal the state to B's key and quote T_transfer.
   */
  public synchronized TransferBundle onboard(byte[] joinRequestJson) throws ReplicatoorException {
    try {
      ReplicatedState s = servingState();
      return onboard(s, JoinRequest.parse(joinRequestJson));
    } finally {
      publish();
    }
  }

  /**
   * {@code POST /onboard} with the original form fields {@code pubk=...&quote=...} (the original
   * relay scripts send exactly these); same checks as {@link #onboard(byte[])}.
   */
  public synchronized TransferBundle onboard(String pubk, String quote)
      throws ReplicatoorException {
    try {
      ReplicatedState s = servingState();
      return onboard(s, JoinRequest.fromFields(pubk, quote));
    } finally {
      publish();
    }
  }

  private ReplicatedState servingState() throws ReplicatoorException {
    return switch (state) {
      case Serving sv -> sv.state();
      case Candidate c -> throw notServing();
      case NoState n -> throw notConfigured();
      case Joining j -> throw notConfigured();
      case Halted h -> throw halted(h);
    };
  }

  private TransferBundle onboard(ReplicatedState s, JoinRequest req) throws ReplicatoorException {
    // Parsing (by the caller) is pure and reveals nothing; it runs first so malformed input costs
    // no chain read.
    // 1. A re-checks itself before anything else: a revoked instance stops serving.
    VerifiedApproval mine = selfCheck();
    requireRegistered(mine, s.fingerprint(), "this instance's state");
    Instant now = clock.instant();
    // 2. B's quote, against the transcript rebuilt from the message and A's own configuration.
    ReportData joinRd = Transcripts.reportData(Transcripts.join(config, req.anchor(), req.pubk()));
    VerifiedPeer b = verifyPeer(req.evidence(), joinRd, "joining peer's quote");
    // 3. B's measurement approved and active at a verified block.
    VerifiedApproval theirs = readApproval(b.measurementId());
    requireActive(theirs, "the joining peer's");
    // 4. The anchor: a block A's verified reader agrees on, younger than the max join age.
    ChainBlock anchorBlock =
        approvals
            .confirm(req.anchor().number(), req.anchor().hash())
            .filter(blk ->
                blk.number() == req.anchor().number() && blk.hash().equals(req.anchor().hash()))
            .orElseThrow(() ->
                new ReplicatoorException(
                    ErrorCode.ANCHOR_UNKNOWN,
                    "join anchor block " + req.anchor().number() + " is not on A's chain"));
    Duration age = Duration.between(anchorBlock.timestamp(), now);
    if (age.compareTo(config.maxJoinAge()) > 0) {
      throw new ReplicatoorException(
          ErrorCode.ANCHOR_STALE,
          "join anchor is " + age.toSeconds() + " s old; max " + config.maxJoinAge().toSeconds());
    }
    if (age.isNegative() && age.negated().compareTo(MAX_ANCHOR_SKEW) > 0) {
      throw new ReplicatoorException(ErrorCode.ANCHOR_STALE, "join anchor is in the future");
    }
    // 5. Each join is answered once.
    replay.consume(joinRd, anchorBlock.timestamp().plus(config.maxJoinAge()), now);
    // 6. Encrypt to B's key; A's quote binds everything B will check.
    long senderBlock = Math.max(mine.block().number(), theirs.block().number());
    byte[] info = Transcripts.hpkeInfo(b.quoteHash(), req.anchor());
    byte[] aad = Transcripts.hpkeAad(s.version(), s.fingerprint());
    byte[] pt = s.encodePlaintext(SecretAccess.insecure());
    Hpke.Sealed sealed;
    try {
      sealed = Hpke.seal(req.pubk(), pt, info, aad);
    } finally {
      Arrays.fill(pt, (byte) 0);
    }
    byte[] tt =
        Transcripts.transfer(
            config,
            b.quoteHash(),
            req.anchor(),
            req.pubk(),
            sealed.enc(),
            Sha256Hash.digest(sealed.ciphertext()),
            s.version(),
            s.fingerprint(),
            senderBlock);
    OwnEvidence ev = self.quote(Transcripts.reportData(tt));
    peersOnboarded++;
    return new TransferBundle(
        req.pubk(),
        req.anchor(),
        sealed.enc(),
        sealed.ciphertext(),
        s.version(),
        s.fingerprint(),
        senderBlock,
        ev.evidence());
  }

  /**
   * {@code POST /receiveKey} on B (protocol.md §5.3): everything is checked before decryption — the
   * bundle answers this join; A's quote binds T_transfer; A's measurement (and B's own) are
   * approved and active at a verified block not older than A's; the fingerprint is the registered
   * one; the version is not below one seen. Then decrypt, check the decrypted state, install, and
   * erase the one-time key.
   */
  public synchronized StatusView receiveKey(byte[] bundleJson) throws ReplicatoorException {
    try {
      receiveKeyLocked(bundleJson);
    } finally {
      publish();
    }
    return published;
  }

  private void receiveKeyLocked(byte[] bundleJson) throws ReplicatoorException {
    PendingJoin p =
        switch (state) {
          case Joining j -> j.join();
          case NoState n ->
              throw new ReplicatoorException(
                  ErrorCode.HANDSHAKE_UNEXPECTED_MESSAGE, "no join is open; call requestKey first");
          case Candidate c -> throw alreadyConfigured();
          case Serving sv -> throw alreadyConfigured();
          case Halted h -> throw halted(h);
        };
    TransferBundle bundle = TransferBundle.parse(bundleJson);
    if (!MessageDigest.isEqual(bundle.pubk(), p.publicKey)) {
      throw new ReplicatoorException(
          ErrorCode.BINDING_MISMATCH, "the bundle is for another key than this instance's join");
    }
    if (!bundle.anchor().equals(p.anchor)) {
      throw new ReplicatoorException(
          ErrorCode.BINDING_MISMATCH, "the bundle answers another join anchor");
    }
    Sha256Hash ctHash = Sha256Hash.digest(bundle.ciphertext());
    byte[] tt =
        Transcripts.transfer(
            config,
            p.ownQuoteHash,
            p.anchor,
            p.publicKey,
            bundle.enc(),
            ctHash,
            bundle.stateVersion(),
            bundle.fingerprint(),
            bundle.senderBlock());
    VerifiedPeer a = verifyPeer(bundle.evidence(), Transcripts.reportData(tt), "sender's quote");
    // A's block number is bound in its quote: never decide on an older block than A did.
    approvals.raiseFloor(bundle.senderBlock());
    VerifiedApproval theirs = readApproval(a.measurementId());
    requireNotOlder(theirs, bundle.senderBlock());
    requireActive(theirs, "the sending peer's");
    VerifiedApproval mine = selfCheck();
    requireNotOlder(mine, bundle.senderBlock());
    StateFingerprint registered =
        theirs
            .registeredFingerprint()
            .orElseThrow(() ->
                new ReplicatoorException(
                    ErrorCode.STATE_FINGERPRINT_MISMATCH, "no state is registered on chain"));
    if (!registered.equals(bundle.fingerprint())) {
      throw new ReplicatoorException(
          ErrorCode.STATE_FINGERPRINT_MISMATCH,
          "the bundle's fingerprint is not the registered one");
    }
    if (bundle.stateVersion() < highestSeenVersion) {
      throw new ReplicatoorException(
          ErrorCode.STATE_ROLLBACK,
          "state version " + bundle.stateVersion() + " is below " + highestSeenVersion);
    }
    // Only now decrypt. The one-time key is erased by this single use, so from here on the join
    // is closed whatever happens: any failure below leaves the instance with no state and no join.
    byte[] info = Transcripts.hpkeInfo(p.ownQuoteHash, p.anchor);
    byte[] aad = Transcripts.hpkeAad(bundle.stateVersion(), bundle.fingerprint());
    state = new NoState();
    byte[] pt =
        p.privateKey.useOnce(
            SecretAccess.insecure(),
            sk -> Hpke.open(sk, p.publicKey, bundle.enc(), bundle.ciphertext(), info, aad));
    ReplicatedState received;
    try {
      received = ReplicatedState.decodePlaintext(pt, ErrorCode.TRANSFER_DECRYPT_FAILED);
    } finally {
      Arrays.fill(pt, (byte) 0);
    }
    if (!received.fingerprint().equals(registered) || received.version() != bundle.stateVersion()) {
      received.destroy();
      throw new ReplicatoorException(
          ErrorCode.STATE_FINGERPRINT_MISMATCH,
          "the decrypted state is not the registered state; join discarded");
    }
    // Authenticated by A's quote and by the AEAD: from now on lower versions are rollbacks.
    highestSeenVersion = Math.max(highestSeenVersion, received.version());
    if (config.sealing() == SealingMode.KMS) {
      try {
        sealToStore(received);
      } catch (ReplicatoorException e) {
        received.destroy(); // B joins again
        throw e;
      }
    }
    state = new Serving(received);
    onboardedFrom = true;
  }

  /**
   * Genesis (protocol.md §5.4): only with the own measurement approved and no fingerprint
   * registered. Creates a candidate state and returns the evidence binding its fingerprint; the
   * candidate serves nothing until {@link #refresh} sees its fingerprint registered. Repeated calls
   * return the same evidence.
   *
   * @throws ReplicatoorException {@code GENESIS_NOT_ALLOWED} when a fingerprint is registered
   */
  public synchronized GenesisEvidence genesis() throws ReplicatoorException {
    try {
      return genesisLocked();
    } finally {
      publish();
    }
  }

  private GenesisEvidence genesisLocked() throws ReplicatoorException {
    switch (state) {
      case NoState n -> {}
      case Joining j -> {}
      case Candidate c -> {
        return c.evidence();
      }
      case Serving s -> throw alreadyConfigured();
      case Halted h -> throw halted(h);
    }
    VerifiedApproval mine = selfCheck();
    if (mine.registeredFingerprint().isPresent()) {
      throw new ReplicatoorException(
          ErrorCode.GENESIS_NOT_ALLOWED,
          "a state is already registered; this instance must be onboarded");
    }
    ReplicatedState s = ReplicatedState.generate(random);
    OwnEvidence ev =
        self.quote(Transcripts.reportData(Transcripts.genesis(config, s.fingerprint())));
    GenesisEvidence g =
        new GenesisEvidence(
            config.chainId(),
            config.contract(),
            s.fingerprint(),
            s.identityPublicKey(),
            ev.evidence());
    if (state instanceof Joining j) {
      j.join().destroy();
    }
    state = new Candidate(s, g);
    return g;
  }

  /**
   * Re-reads the chain (the server calls it periodically): a candidate whose fingerprint is now
   * registered starts serving; a candidate that lost wipes its state ({@code GENESIS_LOST}); a
   * serving instance whose own measurement was revoked halts and wipes ({@code
   * MEASUREMENT_REVOKED}).
   */
  public synchronized StatusView refresh() throws ReplicatoorException {
    InstanceState before = state;
    try {
      refreshLocked();
      fault = null;
    } catch (ReplicatoorException e) {
      // A fault that left the state as it was (chain, agent or collateral unavailable, a stale
      // header, ...) is kept for status() until a refresh succeeds; a halt or a lost genesis is a
      // phase of its own.
      fault = state == before && !(state instanceof Halted) ? faultOf(e) : null;
      throw e;
    } finally {
      publish();
    }
    return published;
  }

  private StatusView.Reason faultOf(ReplicatoorException e) {
    Instant since =
        fault != null && fault.error() == e.errorCode() ? fault.since() : clock.instant();
    return new StatusView.Reason(e.errorCode(), e.getMessage(), since);
  }

  private void refreshLocked() throws ReplicatoorException {
    switch (state) {
      case Candidate c -> {
        VerifiedApproval mine = selfCheck();
        Optional<StateFingerprint> reg = mine.registeredFingerprint();
        if (reg.isPresent() && reg.get().equals(c.state().fingerprint())) {
          if (config.sealing() == SealingMode.KMS) {
            sealToStore(c.state());
          }
          highestSeenVersion = Math.max(highestSeenVersion, c.state().version());
          state = new Serving(c.state());
        } else if (reg.isPresent()) {
          c.state().destroy();
          state = new NoState();
          if (config.sealing() == SealingMode.KMS) {
            store.orElseThrow().erase();
          }
          throw new ReplicatoorException(
              ErrorCode.GENESIS_LOST, "another candidate's state was registered; state wiped");
        }
      }
      case Serving s -> {
        VerifiedApproval mine = selfCheck();
        requireRegistered(mine, s.state().fingerprint(), "this instance's state");
      }
      case NoState n -> readApproval(own.measurementId());
      case Joining j -> readApproval(own.measurementId());
      case Halted h -> throw halted(h);
    }
    PendingUpgrades p = approvals.pendingUpgrades();
    noteBlock(p.block());
    pending = p;
    if (state instanceof Serving sv) {
      quoteStatus(sv.state());
    } else {
      // Quote and verify the own TD as at start: the agent answers, and the collateral in use
      // (cached or fresh) still verifies it at trusted time.
      byte[] nonce = new byte[32];
      random.nextBytes(nonce);
      ReportData rd = Transcripts.reportData(Transcripts.self(config, nonce));
      verifyPeer(self.quote(rd).evidence(), rd, "this instance's own quote");
    }
  }

  /**
   * The app key route (guest-only socket): {@code deriveKey(path, purpose, algorithm)}, protocol.md
   * §7. No chain read: the state is registered and the own measurement was checked at the last
   * {@link #refresh}. Takes no lock: it reads the published state and answers from the serving
   * state's bounded key cache (a copy the caller owns), deriving on a miss. A halt that races with
   * it either happens after it (the key was answered while serving) or refuses it.
   */
  public DerivedKey deriveKey(String path, String purpose, String algorithm)
      throws ReplicatoorException {
    Serving sv =
        switch (state) {
          case Serving s -> s;
          case Candidate c -> throw notServing();
          case NoState n -> throw notConfigured();
          case Joining j -> throw notConfigured();
          case Halted h -> throw halted(h);
        };
    KeyAlgorithm alg = KeyAlgorithm.parse(algorithm);
    try {
      return sv.keys().derive(path, purpose, alg);
    } catch (IllegalStateException e) {
      if (!sv.keys().isDestroyed()) {
        throw e; // not a race with halt: a bug
      }
      // The state was destroyed meanwhile: only halt does that, after publishing Halted.
      if (state instanceof Halted h) {
        throw halted(h);
      }
      throw new ReplicatoorException(ErrorCode.NOT_SERVING, "the served state was dropped");
    }
  }

  /**
   * The status quote (protocol.md §3, {@code T_status}), made here on the refresh schedule so
   * {@code GET /status} never quotes per request, and verified like a peer's quote before it is
   * shown (the agent answers, the collateral in use still verifies this TD at trusted time).
   */
  private void quoteStatus(ReplicatedState s) throws ReplicatoorException {
    byte[] t =
        Transcripts.status(
            config,
            JoinRequest.VERSION,
            s.fingerprint(),
            s.version(),
            s.identityPublicKey(),
            lastBlock);
    ReportData rd = Transcripts.reportData(t);
    OwnEvidence ev = self.quote(rd);
    verifyPeer(ev.evidence(), rd, "this instance's status quote");
    statusQuote =
        new StatusAttestation(
            JoinRequest.VERSION,
            s.fingerprint(),
            s.version(),
            s.identityPublicKey(),
            lastBlock,
            ev.evidence());
  }

  /**
   * {@code GET /status}: public fields only, as published at the end of the last route that could
   * change them (the same instance until then, so a shell may cache what it renders from it).
   */
  public StatusView status() {
    return published;
  }

  /** Called at the end of every locked route, also when it fails (a failure may halt). */
  private void publish() {
    published = statusView();
  }

  // ---- checks -----------------------------------------------------------------------------

  private VerifiedPeer verifyPeer(Evidence ev, ReportData expected, String what)
      throws ReplicatoorException {
    PeerVerification v = verifier.verify(ev, expected, clock.instant());
    return switch (v) {
      case PeerVerification.Rejected r ->
          throw new ReplicatoorException(r.code(), what + " refused: " + r.message());
      case PeerVerification.Verified ok -> {
        // Compare all 64 bytes again: a lax adapter cannot weaken the binding (P1.3).
        if (!ok.claims().reportData().contentEquals(expected.toByteArray())) {
          throw new ReplicatoorException(
              ErrorCode.BINDING_MISMATCH, what + ": REPORTDATA does not bind this transcript");
        }
        yield new VerifiedPeer(ok.claims());
      }
    };
  }

  private VerifiedApproval readApproval(MeasurementId id) throws ReplicatoorException {
    ApprovalReading r = approvals.read(id);
    if (!r.measurementId().equals(id)) {
      throw new ReplicatoorException(ErrorCode.INTERNAL, "approval reader answered another id");
    }
    noteBlock(r.block());
    if (id.equals(own.measurementId())) {
      ownApproval = r.status();
    }
    return new VerifiedApproval(r);
  }

  /** Reads and requires the own measurement active; a revoked instance halts and wipes. */
  private VerifiedApproval selfCheck() throws ReplicatoorException {
    VerifiedApproval a = readApproval(own.measurementId());
    try {
      requireActive(a, "this instance's own");
    } catch (ReplicatoorException e) {
      if (e.errorCode() == ErrorCode.MEASUREMENT_REVOKED) {
        halt(e);
      }
      throw e;
    }
    return a;
  }

  private void halt(ReplicatoorException e) throws ReplicatoorException {
    InstanceState old = state;
    // Published before anything is destroyed: a lock-free deriveKey that finds its state
    // destroyed then finds the instance halted.
    state = new Halted(e.errorCode(), e.getMessage());
    switch (old) {
      case Serving s -> s.destroy();
      case Candidate c -> c.state().destroy();
      case Joining j -> j.join().destroy();
      case NoState n -> {}
      case Halted h -> {}
    }
    if (config.sealing() == SealingMode.KMS) {
      store.orElseThrow().erase();
    }
  }

  private static void requireActive(VerifiedApproval a, String whose) throws ReplicatoorException {
    String id = a.measurementId().toHex();
    switch (a.status()) {
      case ApprovalStatus.Approved ok -> {}
      case ApprovalStatus.Pending p ->
          throw new ReplicatoorException(
              ErrorCode.TIMELOCK_NOT_ELAPSED,
              whose + " measurement " + id + " is pending until " + p.activeAt());
      case ApprovalStatus.Revoked r ->
          throw new ReplicatoorException(
              ErrorCode.MEASUREMENT_REVOKED, whose + " measurement " + id + " is revoked");
      case ApprovalStatus.Unknown u ->
          throw new ReplicatoorException(
              ErrorCode.MEASUREMENT_NOT_APPROVED,
              whose + " measurement " + id + " is not approved");
    }
  }

  private static void requireRegistered(VerifiedApproval a, StateFingerprint fp, String what)
      throws ReplicatoorException {
    if (a.registeredFingerprint().isEmpty() || !a.registeredFingerprint().get().equals(fp)) {
      throw new ReplicatoorException(
          ErrorCode.STATE_FINGERPRINT_MISMATCH, what + " is not the state registered on chain");
    }
  }

  private static void requireNotOlder(VerifiedApproval a, long floor) throws ReplicatoorException {
    if (a.block().number() < floor) {
      throw new ReplicatoorException(
          ErrorCode.HEADER_STALE,
          "verified block " + a.block().number() + " is older than the sender's " + floor);
    }
  }

  private void noteBlock(ChainBlock b) {
    lastVerifiedBlock = Math.max(lastVerifiedBlock, b.number());
    if (lastBlock == null || b.number() >= lastBlock.number()) {
      lastBlock = b;
    }
  }

  private void sealToStore(ReplicatedState s) throws ReplicatoorException {
    store.orElseThrow().store(SealedStateCodec.seal(s, kmsKey()));
  }

  private SecretBytes kmsKey() throws ReplicatoorException {
    SecretBytes k =
        sealingKeys.orElseThrow().kmsKey(SealedStateCodec.KMS_PATH, SealedStateCodec.KMS_PURPOSE);
    if (k.size() != 32) {
      throw new ReplicatoorException(ErrorCode.AGENT_RESPONSE_INVALID, "KMS key is not 32 bytes");
    }
    return k;
  }

  private static byte[] x25519Public(byte[] sk) throws ReplicatoorException {
    try {
      return X25519.publicFromPrivate(sk);
    } catch (InvalidKeyException e) {
      throw new ReplicatoorException(ErrorCode.INTERNAL, "X25519 key generation failed", e);
    }
  }

  private StatusView statusView() {
    Phase phase;
    Optional<ReplicatedState> held;
    Optional<String> halt = Optional.empty();
    switch (state) {
      case NoState n -> {
        phase = Phase.NO_STATE;
        held = Optional.empty();
      }
      case Joining j -> {
        phase = Phase.JOINING;
        held = Optional.empty();
      }
      case Candidate c -> {
        phase = Phase.CANDIDATE;
        held = Optional.of(c.state());
      }
      case Serving s -> {
        phase = Phase.SERVING;
        held = Optional.of(s.state());
      }
      case Halted h -> {
        phase = Phase.HALTED;
        held = Optional.empty();
        halt = Optional.of(h.reason().name());
      }
    }
    if (phase != lastPhase) {
      lastPhase = phase;
      phaseSince = clock.instant();
      fault = null; // a new phase is a new situation; the next refresh says whether it is faulty
    }
    Optional<StatusView.Reason> reason = reason(phase);
    return new StatusView(
        phase,
        JoinRequest.VERSION,
        own.measurementId().toHex(),
        held.map(s -> s.fingerprint().toHex()),
        held.map(ReplicatedState::version),
        config.sealing(),
        config.sealing() == SealingMode.KMS ? KMS_SEALING_TRUST : "",
        lastVerifiedBlock < 0 ? Optional.empty() : Optional.of(lastVerifiedBlock),
        halt,
        peersOnboarded,
        onboardedFrom,
        Optional.ofNullable(lastBlock)
            .map(b ->
                new StatusView.ChainView(config.chainId(), config.contract().toPrefixedHex(), b)),
        Optional.ofNullable(ownApproval),
        Optional.ofNullable(pending),
        Optional.ofNullable(statusQuote)
            .filter(q ->
                phase == Phase.SERVING
                    && held.get().fingerprint().equals(q.fingerprint())
                    && held.get().version() == q.stateVersion()),
        reason.isEmpty(),
        reason,
        verifier.collateralHealth());
  }

  /** Why the instance does not serve, or empty when it does (see {@link StatusView#reason()}). */
  private Optional<StatusView.Reason> reason(Phase phase) {
    if (state instanceof Halted h) {
      return Optional.of(new StatusView.Reason(h.reason(), h.message(), phaseSince));
    }
    if (fault != null) {
      return Optional.of(fault);
    }
    return switch (phase) {
      case SERVING -> Optional.empty();
      case CANDIDATE ->
          Optional.of(
              new StatusView.Reason(
                  ErrorCode.NOT_SERVING,
                  "genesis candidate: serves nothing until its state is registered",
                  phaseSince));
      case NO_STATE, JOINING, HALTED ->
          Optional.of(
              new StatusView.Reason(
                  ErrorCode.NOT_CONFIGURED,
                  "holds no state: waiting to be onboarded by a serving instance",
                  phaseSince));
    };
  }

  private static ReplicatoorException alreadyConfigured() {
    return new ReplicatoorException(ErrorCode.ALREADY_CONFIGURED, "this instance holds a state");
  }

  private static ReplicatoorException notConfigured() {
    return new ReplicatoorException(ErrorCode.NOT_CONFIGURED, "this instance holds no state");
  }

  private static ReplicatoorException notServing() {
    return new ReplicatoorException(
        ErrorCode.NOT_SERVING, "genesis candidate: serves nothing until its state is registered");
  }

  private static ReplicatoorException halted(Halted h) {
    return new ReplicatoorException(h.reason(), "instance halted: " + h.message());
  }

  /** Builder over the ports; {@link #start()} validates and starts the instance. */
  public static final class Builder {
    private HandoverConfig config;
    private SelfAttestation self;
    private PeerVerifier verifier;
    private ApprovalReader approvals;
    private StateStore store;
    private SealingKeySource sealingKeys;
    private Clock clock;
    private SecureRandom random;

    private Builder() {}

    /** The measured configuration (required). */
    public Builder config(HandoverConfig c) {
      this.config = c;
      return this;
    }

    /** Evidence of self (required). */
    public Builder selfAttestation(SelfAttestation s) {
      this.self = s;
      return this;
    }

    /** Peer verification (required). */
    public Builder peerVerifier(PeerVerifier v) {
      this.verifier = v;
      return this;
    }

    /** Verified chain reads (required). */
    public Builder approvals(ApprovalReader a) {
      this.approvals = a;
      return this;
    }

    /** Sealed-state store (required when sealing is {@code KMS}; never used otherwise). */
    public Builder stateStore(StateStore s) {
      this.store = s;
      return this;
    }

    /** KMS sealing key source (required when sealing is {@code KMS}; never used otherwise). */
    public Builder sealingKeys(SealingKeySource k) {
      this.sealingKeys = k;
      return this;
    }

    /** Trusted time (required). */
    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /** Randomness (required). */
    public Builder random(SecureRandom r) {
      this.random = r;
      return this;
    }

    /**
     * Starts the instance: learns its own measurement through a self quote; with sealing on,
     * unseals a stored state, re-checks the own measurement and the registered fingerprint, and
     * refuses to start otherwise.
     *
     * @throws ReplicatoorException when the self check or the sealed state is refused
     */
    public Replicatoor start() throws ReplicatoorException {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(self, "selfAttestation");
      Objects.requireNonNull(verifier, "peerVerifier");
      Objects.requireNonNull(approvals, "approvals");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(random, "random");
      if (config.sealing() == SealingMode.KMS && (store == null || sealingKeys == null)) {
        throw new IllegalStateException(
            "sealing: kms needs a state store and a sealing key source");
      }
      Replicatoor r = new Replicatoor(this);
      r.start();
      r.publish();
      return r;
    }
  }
}
