package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.HasErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.port.PeerVerification;
import io.replicatoor.core.port.Sha256Hash;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.core.state.ReplicatedState;
import io.replicatoor.core.state.SealedStateCodec;
import io.replicatoor.core.state.StateFingerprint;
import io.replicatoor.core.testing.FakeChain;
import io.replicatoor.core.testing.FakeTee;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The whole protocol between in-process instances over fakes of the ports, and every attack of
 * issue 8's Tests section as a failing case with its ErrorCode.
 */
class HandoverProtocolTest {
  private final Net net = new Net();

  private static void assertCode(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOf(ReplicatoorException.class)
        .satisfies(e -> assertThat(((HasErrorCode) e).errorCode()).isEqualTo(code));
  }

  // The usual two parties, set by openJoin(): "a" serves the registered state, "b" runs an
  // approved measurement and has opened a join.
  private Net.Node a;
  private Net.Node b;
  private JoinRequest join;

  private void openJoin() throws ReplicatoorException {
    Net.Handover h = net.handover();
    a = h.a();
    b = h.b();
    join = h.join();
  }

  // ---- the happy path ---------------------------------------------------------------------

  @Test
  void fullHandover_newInstanceDerivesSameKeysAsSource() throws Exception {
    Net.Node a = net.serving("a");
    Net.Node b = net.started("b", Net.GOOD);
    assertThat(b.r.status().phase().name()).isEqualTo("NO_STATE");

    JoinRequest join = b.r.requestKey();
    assertThat(b.r.status().phase().name()).isEqualTo("JOINING");
    TransferBundle bundle = a.r.onboard(join.encode());
    StatusView s = b.r.receiveKey(bundle.encode());

    assertThat(s.phase().name()).isEqualTo("SERVING");
    assertThat(s.fingerprint()).isEqualTo(a.r.status().fingerprint());
    assertThat(a.r.status().peersOnboarded()).isEqualTo(1);
    DerivedKey ka = a.r.deriveKey("wallet/0", "signing", "secp256k1");
    DerivedKey kb = b.r.deriveKey("wallet/0", "signing", "secp256k1");
    assertThat(kb.key().equalsSecret(ka.key())).isTrue();
    assertThat(kb.address()).isEqualTo(ka.address());
    // The state travels on: B onboards C.
    Net.Node c = net.started("c", Net.GOOD);
    c.r.receiveKey(b.r.onboard(c.r.requestKey().encode()).encode());
    assertThat(c.r.deriveKey("wallet/0", "signing", "secp256k1").key().equalsSecret(ka.key()))
        .isTrue();
  }

  @Test
  void joinAnswer_keepsOriginalFieldNames() throws Exception {
    Net.Node b = net.started("b", Net.GOOD);
    String json = new String(b.r.requestKey().encode(), StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"pubk\":\"")
        .contains("\"quote\":\"")
        .contains("\"eventLog\"")
        .contains("\"anchor\"")
        .contains("\"version\":1");
  }

  @Test
  void originalCurlSequence_formFieldsPubkAndQuoteOnly_works() throws Exception {
    // migrate.sh: PUBK=$(jq -r .pubk), QUOTE=$(jq -r .quote); curl -d "pubk=$PUBK" -d
    // "quote=$QUOTE" /onboard > onboard.out; curl --data-binary @onboard.out /receiveKey
    openJoin();
    JsonNode answer = new ObjectMapper().readTree(join.encode());
    String pubk = answer.get("pubk").textValue();
    String quote = answer.get("quote").textValue();
    assertThat(quote).startsWith("52504a31"); // "RPJ1": the quote field's container
    byte[] onboardOut = a.r.onboard(pubk, quote).encode();
    assertThat(b.r.receiveKey(onboardOut).phase().name()).isEqualTo("SERVING");
    // The same two fields as a JSON object are accepted too.
    Net.Node c = net.started("c", Net.GOOD);
    JoinRequest j = c.r.requestKey();
    String minimal = "{\"pubk\":\"" + j.pubkField() + "\",\"quote\":\"" + j.quoteField() + "\"}";
    c.r.receiveKey(a.r.onboard(minimal.getBytes(StandardCharsets.UTF_8)).encode());
  }

  @Test
  void quoteFieldWithoutContainer_orInconsistentCopies_malformed() throws Exception {
    openJoin();
    // A bare TDX quote (the original format) cannot be checked: its anchor is missing.
    assertCode(
        () -> a.r.onboard(join.pubkField(), join.evidence().quoteHex()),
        ErrorCode.MESSAGE_MALFORMED);
    String json = new String(join.encode(), StandardCharsets.UTF_8);
    String otherLog = json.replace("\"eventLog\":\"[]\"", "\"eventLog\":\"[ ]\"");
    assertThat(otherLog).isNotEqualTo(json);
    assertCode(
        () -> a.r.onboard(otherLog.getBytes(StandardCharsets.UTF_8)), ErrorCode.MESSAGE_MALFORMED);
  }

  @Test
  void verification_usesTrustedTimeNow() throws Exception {
    openJoin();
    net.clock.advance(Duration.ofSeconds(30));
    a.r.onboard(join.encode());
    assertThat(((FakeTee.Verifier) a.verifier).lastAt()).isEqualTo(net.clock.instant());
  }

  // ---- P2: sender attestation -------------------------------------------------------------

  @Test
  void hostMadeBundle_validHpkeToBsKey_rejectedBeforeDecryption() throws Exception {
    // The original /receiveKey hole: anyone can HPKE-encrypt to B's public key.
    openJoin();
    TransferBundle genuine = a.r.onboard(join.encode());
    ReplicatedState evil = ReplicatedState.generate(new SecureRandom());
    Hpke.Sealed sealed = sealToJoin(evil, genuine.fingerprint());
    // (a) with a forged quote
    byte[] forgedQuote = genuine.evidence().quote();
    forgedQuote[forgedQuote.length - 1] ^= 1;
    TransferBundle forged =
        sealedBundle(sealed, genuine, Evidence.of(forgedQuote, genuine.evidence().eventLog()));
    assertCode(() -> b.r.receiveKey(forged.encode()), ErrorCode.QUOTE_SIGNATURE_INVALID);
    // (b) re-using A's genuine quote, which binds another ciphertext
    TransferBundle reused = sealedBundle(sealed, genuine, genuine.evidence());
    assertCode(() -> b.r.receiveKey(reused.encode()), ErrorCode.BINDING_MISMATCH);
    assertThat(b.r.status().phase().name()).isEqualTo("JOINING");
    // The genuine bundle still works afterwards: refusals do not consume the join.
    b.r.receiveKey(genuine.encode());
    assertThat(b.r.status().fingerprint()).contains(genuine.fingerprint().toHex());
  }

  @Test
  void bundleForAnotherKey_rejected() throws Exception {
    Net.Node a = net.serving("a");
    Net.Node b = net.node("b", Net.GOOD);
    Net.Node b2 = net.node("b2", Net.GOOD);
    b.start();
    b2.start();
    b.r.requestKey();
    TransferBundle forB2 = a.r.onboard(b2.r.requestKey().encode());
    assertCode(() -> b.r.receiveKey(forB2.encode()), ErrorCode.BINDING_MISMATCH);
  }

  @Test
  void tamperedCiphertextVersionFingerprintOrSenderBlock_rejectedByQuoteBinding() throws Exception {
    openJoin();
    TransferBundle g = a.r.onboard(join.encode());
    byte[] ct = g.ciphertext();
    ct[0] ^= 1;
    TransferBundle[] tampered = {
      BundleParts.tampered(g, p -> p.ciphertext = ct),
      BundleParts.tampered(g, p -> p.stateVersion = g.stateVersion() + 1),
      BundleParts.tampered(g, p -> p.fingerprint = StateFingerprint.of(new byte[32])),
      BundleParts.tampered(g, p -> p.enc = flip(g.enc())),
      BundleParts.tampered(g, p -> p.senderBlock = g.senderBlock() - 1),
    };
    for (TransferBundle t : tampered) {
      assertCode(() -> b.r.receiveKey(t.encode()), ErrorCode.BINDING_MISMATCH);
    }
    b.r.receiveKey(g.encode());
  }

  @Test
  void sendersQuoteNotBindingThisCiphertext_rejected() throws Exception {
    // A genuine TD quoting the right transcript shape, but for another ciphertext.
    openJoin();
    TransferBundle g = a.r.onboard(join.encode());
    byte[] otherCtHash = new byte[32];
    Evidence quoteOverOther =
        transferQuote(a, g.enc(), Sha256Hash.of(otherCtHash), g.stateVersion(), g);
    TransferBundle t = BundleParts.tampered(g, p -> p.evidence = quoteOverOther);
    assertCode(() -> b.r.receiveKey(t.encode()), ErrorCode.BINDING_MISMATCH);
  }

  @Test
  void decryptedStateNotRegistered_wipedAndRejected() throws Exception {
    // A (genuine, approved) holding a state that is not the registered one: B refuses after
    // decryption and discards the join.
    openJoin();
    ReplicatedState other = ReplicatedState.generate(new SecureRandom());
    Net.Node rogue = net.started("rogue", Net.GOOD);
    // Build a bundle the way A would, but over another state claiming the registered fingerprint.
    TransferBundle g = a.r.onboard(join.encode());
    Hpke.Sealed sealed = sealToJoin(other, g.fingerprint());
    TransferBundle t =
        sealedBundle(
            sealed,
            g,
            transferQuote(rogue, sealed.enc(), Sha256Hash.digest(sealed.ciphertext()), 0, g));
    assertCode(() -> b.r.receiveKey(t.encode()), ErrorCode.STATE_FINGERPRINT_MISMATCH);
    assertThat(b.r.status().phase().name()).isEqualTo("NO_STATE");
  }

  // ---- P1: binding ------------------------------------------------------------------------

  @Test
  void joinForAnotherContractOrChainId_rejected() throws Exception {
    Net.Node a = net.serving("a");
    Net.Node otherContract = net.node("b", Net.GOOD);
    otherContract.config = HandoverConfig.of(31337, EthereumAddress.of(new byte[20]));
    otherContract.start();
    assertCode(
        () -> a.r.onboard(otherContract.r.requestKey().encode()), ErrorCode.BINDING_MISMATCH);
    Net.Node otherChain = net.node("c", Net.GOOD);
    otherChain.config = HandoverConfig.of(1, Net.CONTRACT);
    otherChain.start();
    assertCode(() -> a.r.onboard(otherChain.r.requestKey().encode()), ErrorCode.BINDING_MISMATCH);
  }

  @Test
  void reportData63Of64BytesRight_rejected_evenByLaxVerifier() throws Exception {
    // A serving with a verifier that forgets to compare REPORTDATA: core compares itself.
    Net.Node laxA = net.node("lax", Net.GOOD);
    laxA.verifier = net.tee.laxVerifier();
    laxA.start();
    net.chain.register(laxA.r.genesis().fingerprint());
    laxA.r.refresh();
    Net.Node strictA = sealedCopyOf(laxA);
    Net.Node good = net.started("good", Net.GOOD);
    JoinRequest join = good.r.requestKey();
    byte[] rd = joinReportData(join, join.anchor());
    rd[63] ^= 1;
    JoinRequest bad = quotedJoin(join, join.anchor(), rd, false, "UpToDate");
    assertCode(() -> strictA.r.onboard(bad.encode()), ErrorCode.BINDING_MISMATCH);
    assertCode(() -> laxA.r.onboard(bad.encode()), ErrorCode.BINDING_MISMATCH);
    // An agent that changes one byte of REPORTDATA: the instance cannot even learn itself.
    Net.Node mangled = net.node("m", Net.GOOD);
    mangled.agent =
        mangled.agent.mangling(x -> {
          byte[] m = x.clone();
          m[0] ^= 1;
          return m;
        });
    assertCode(mangled::start, ErrorCode.BINDING_MISMATCH);
    mangled.verifier = net.tee.laxVerifier();
    assertCode(mangled::start, ErrorCode.BINDING_MISMATCH);
    // The good join itself is fine.
    good.r.receiveKey(strictA.r.onboard(join.encode()).encode());
  }

  /** A second serving instance with the same state, resumed from a sealed copy. */
  private Net.Node sealedCopyOf(Net.Node src) throws Exception {
    Net.Node b = net.started(src + "-copy", Net.GOOD);
    b.r.receiveKey(src.r.onboard(b.r.requestKey().encode()).encode());
    return b;
  }

  @Test
  void transferQuotePresentedAsJoin_rejected() throws Exception {
    openJoin();
    TransferBundle g = a.r.onboard(join.encode());
    JoinRequest asJoin = new JoinRequest(join.pubk(), g.evidence(), join.anchor());
    assertCode(() -> a.r.onboard(asJoin.encode()), ErrorCode.BINDING_MISMATCH);
  }

  @Test
  void joinQuotePresentedAsTransfer_rejected() throws Exception {
    openJoin();
    TransferBundle g = a.r.onboard(join.encode());
    TransferBundle t = BundleParts.tampered(g, p -> p.evidence = join.evidence());
    assertCode(() -> b.r.receiveKey(t.encode()), ErrorCode.BINDING_MISMATCH);
  }

  // ---- P3: approvals on either side -------------------------------------------------------

  @Test
  void joiningMeasurementUnapprovedPendingRevoked_rejected() throws Exception {
    Net.Node a = net.serving("a");
    Net.Node b = net.started("b", Net.OTHER);
    assertCode(() -> a.r.onboard(b.r.requestKey().encode()), ErrorCode.MEASUREMENT_NOT_APPROVED);
    net.chain.propose(Net.OTHER);
    assertCode(() -> a.r.onboard(b.r.requestKey().encode()), ErrorCode.TIMELOCK_NOT_ELAPSED);
    assertThatThrownBy(() -> a.r.onboard(b.r.requestKey().encode()))
        .hasMessageContaining("pending until");
    net.chain.revoke(Net.OTHER);
    assertCode(() -> a.r.onboard(b.r.requestKey().encode()), ErrorCode.MEASUREMENT_REVOKED);
    // A stays serving: the refusals were about B.
    assertThat(a.r.status().phase().name()).isEqualTo("SERVING");
  }

  @Test
  void joiningMeasurementActiveExactlyAtActiveAt_accepted() throws Exception {
    Net.Node a = net.serving("a");
    net.chain.propose(Net.OTHER);
    net.tick(FakeChain.DELAY.minusSeconds(1));
    Net.Node b = net.started("b", Net.OTHER);
    assertCode(() -> a.r.onboard(b.r.requestKey().encode()), ErrorCode.TIMELOCK_NOT_ELAPSED);
    net.tick(Duration.ofSeconds(1));
    TransferBundle t = a.r.onboard(b.r.requestKey().encode());
    b.r.receiveKey(t.encode());
    assertThat(b.r.status().phase().name()).isEqualTo("SERVING");
  }

  @Test
  void revokedSource_stopsServingAndWipes() throws Exception {
    openJoin();
    net.chain.revoke(Net.GOOD);
    assertCode(() -> a.r.onboard(join.encode()), ErrorCode.MEASUREMENT_REVOKED);
    assertThat(a.r.status().phase().name()).isEqualTo("HALTED");
    assertThat(a.r.status().fingerprint()).isEmpty();
    assertCode(() -> a.r.deriveKey("p", "q", "raw"), ErrorCode.MEASUREMENT_REVOKED);
  }

  @Test
  void senderRevokedPendingOrUnknownAtReceive_rejected() throws Exception {
    Net.Node a = net.node("a", Net.OTHER);
    net.chain.approve(Net.OTHER);
    a.start();
    GenesisEvidence g = a.r.genesis();
    net.chain.register(g.fingerprint());
    a.r.refresh();
    Net.Node b = net.started("b", Net.GOOD);
    TransferBundle t = a.r.onboard(b.r.requestKey().encode());
    net.chain.forget(Net.OTHER);
    assertCode(() -> b.r.receiveKey(t.encode()), ErrorCode.MEASUREMENT_NOT_APPROVED);
    net.chain.propose(Net.OTHER);
    assertCode(() -> b.r.receiveKey(t.encode()), ErrorCode.TIMELOCK_NOT_ELAPSED);
    net.chain.revoke(Net.OTHER);
    assertCode(() -> b.r.receiveKey(t.encode()), ErrorCode.MEASUREMENT_REVOKED);
    assertThat(b.r.status().phase().name()).isEqualTo("JOINING");
  }

  @Test
  void receiverRevokedBeforeReceive_rejected() throws Exception {
    Net.Node a = net.serving("a");
    net.chain.approve(Net.OTHER);
    Net.Node b = net.started("b", Net.OTHER);
    TransferBundle t = a.r.onboard(b.r.requestKey().encode());
    net.chain.revoke(Net.OTHER);
    assertCode(() -> b.r.receiveKey(t.encode()), ErrorCode.MEASUREMENT_REVOKED);
    assertThat(b.r.status().phase().name()).isEqualTo("HALTED");
  }

  @Test
  void debugTdOrRejectedTcb_rejected() throws Exception {
    openJoin();
    byte[] rd = joinReportData(join, join.anchor());
    JoinRequest debug = quotedJoin(join, join.anchor(), rd, true, "UpToDate");
    assertCode(() -> a.r.onboard(debug.encode()), ErrorCode.DEBUG_TD);
    JoinRequest oldTcb = quotedJoin(join, join.anchor(), rd, false, "OutOfDate");
    assertCode(() -> a.r.onboard(oldTcb.encode()), ErrorCode.TCB_STATUS_REJECTED);
  }

  // ---- P5: freshness and replay -----------------------------------------------------------

  @Test
  void replayedJoin_rejected() throws Exception {
    openJoin();
    a.r.onboard(join.encode());
    assertCode(() -> a.r.onboard(join.encode()), ErrorCode.JOIN_REPLAYED);
  }

  @Test
  void staleAnchor_rejected_atMaxJoinAgePlusOne() throws Exception {
    openJoin();
    net.tick(Net.CONFIG.maxJoinAge().plusSeconds(1));
    assertCode(() -> a.r.onboard(join.encode()), ErrorCode.ANCHOR_STALE);
  }

  @Test
  void anchorAtExactlyMaxJoinAge_accepted() throws Exception {
    openJoin();
    net.tick(Net.CONFIG.maxJoinAge());
    b.r.receiveKey(a.r.onboard(join.encode()).encode());
  }

  @Test
  void anchorNotOnSourcesChain_rejected() throws Exception {
    openJoin();
    BlockAnchor fork =
        new BlockAnchor(
            join.anchor().number(), FakeChain.blockHash(join.anchor().number(), "fork"));
    JoinRequest onFork = quotedJoin(join, fork, joinReportData(join, fork), false, "UpToDate");
    assertCode(() -> a.r.onboard(onFork.encode()), ErrorCode.ANCHOR_UNKNOWN);
    BlockAnchor future = new BlockAnchor(join.anchor().number() + 100, join.anchor().hash());
    JoinRequest inFuture =
        quotedJoin(join, future, joinReportData(join, future), false, "UpToDate");
    assertCode(() -> a.r.onboard(inFuture.encode()), ErrorCode.ANCHOR_UNKNOWN);
  }

  @Test
  void recordedTransferReplayedIntoNewInstance_rejected() throws Exception {
    openJoin();
    TransferBundle old = a.r.onboard(join.encode());
    b.r.receiveKey(old.encode());
    Net.Node c = net.started("c", Net.GOOD);
    c.r.requestKey();
    assertCode(() -> c.r.receiveKey(old.encode()), ErrorCode.BINDING_MISMATCH);
  }

  @Test
  void receiveWithoutOpenJoin_rejected() throws Exception {
    openJoin();
    TransferBundle t = a.r.onboard(join.encode());
    Net.Node c = net.started("c", Net.GOOD);
    assertCode(() -> c.r.receiveKey(t.encode()), ErrorCode.HANDSHAKE_UNEXPECTED_MESSAGE);
    b.r.receiveKey(t.encode());
    // One use: the same bundle again is refused (the join is closed, the key erased).
    assertCode(() -> b.r.receiveKey(t.encode()), ErrorCode.ALREADY_CONFIGURED);
  }

  // ---- P6: rollback -----------------------------------------------------------------------

  @Test
  void versionBelowSeen_rejected() throws Exception {
    // Two sources of the same registered state: a current one (version 5) and a stale copy
    // (version 3), both resumed from sealed blobs.
    SecretBytesStates states = new SecretBytesStates();
    ReplicatedState v5 = states.at(5);
    net.chain.register(v5.fingerprint());
    Net.Node current = sealedSource("current", v5);
    Net.Node stale = sealedSource("stale", states.at(3));
    Net.Node b = net.node("b", Net.GOOD);
    b.config = Net.CONFIG.withSealing(SealingMode.KMS);
    b.store.failWrites(true);
    b.start();
    // B verifies and decrypts version 5 but cannot install it (disk full): the join is closed
    // (its one-time key is spent) and B holds nothing, but it has seen version 5.
    TransferBundle fresh = current.r.onboard(b.r.requestKey().encode());
    assertCode(() -> b.r.receiveKey(fresh.encode()), ErrorCode.STATE_STORE_UNAVAILABLE);
    assertThat(b.r.status().phase().name()).isEqualTo("NO_STATE");
    assertCode(() -> b.r.receiveKey(fresh.encode()), ErrorCode.HANDSHAKE_UNEXPECTED_MESSAGE);
    // The stale source's version 3, for a new join, is a rollback.
    TransferBundle old = stale.r.onboard(b.r.requestKey().encode());
    assertThat(old.stateVersion()).isEqualTo(3);
    assertCode(() -> b.r.receiveKey(old.encode()), ErrorCode.STATE_ROLLBACK);
    assertThat(b.r.status().phase().name()).isEqualTo("JOINING");
    b.store.failWrites(false);
    b.r.receiveKey(current.r.onboard(b.r.requestKey().encode()).encode());
    assertThat(b.r.status().stateVersion()).contains(5L);
  }

  private Net.Node sealedSource(String name, ReplicatedState s) throws Exception {
    Net.Node n = net.node(name, Net.GOOD);
    n.config = Net.CONFIG.withSealing(SealingMode.KMS);
    n.store.put(
        SealedStateCodec.seal(
            s, n.kms.kmsKey(SealedStateCodec.KMS_PATH, SealedStateCodec.KMS_PURPOSE)));
    n.start();
    assertThat(n.r.status().phase().name()).isEqualTo("SERVING");
    return n;
  }

  // ---- P9: stale chain header -------------------------------------------------------------

  @Test
  void staleOrUnavailableChainHeader_failsClosed() throws Exception {
    openJoin();
    a.reader.failWith(ErrorCode.HEADER_STALE);
    assertCode(() -> a.r.onboard(join.encode()), ErrorCode.HEADER_STALE);
    a.reader.failWith(ErrorCode.RPC_UNAVAILABLE);
    assertCode(() -> a.r.onboard(join.encode()), ErrorCode.RPC_UNAVAILABLE);
    a.reader.failWith(null);
    b.r.receiveKey(a.r.onboard(join.encode()).encode());
  }

  @Test
  void receiverBehindSendersBlock_neverDecidesOnOlderBlock() throws Exception {
    openJoin();
    net.tick(Duration.ofSeconds(12));
    net.tick(Duration.ofSeconds(12));
    TransferBundle t = a.r.onboard(join.encode());
    b.reader.lagging(2);
    assertCode(() -> b.r.receiveKey(t.encode()), ErrorCode.HEADER_STALE);
    assertThat(b.reader.floor()).isEqualTo(t.senderBlock());
    b.reader.lagging(0);
    b.r.receiveKey(t.encode());
  }

  @Test
  void readerIgnoringFloor_stillRefusedByCore() throws Exception {
    Net.Node a = net.serving("a");
    Net.Node b = net.node("b", Net.GOOD);
    b.reader.ignoringFloor();
    b.start();
    JoinRequest join = b.r.requestKey();
    net.tick(Duration.ofSeconds(12));
    TransferBundle t = a.r.onboard(join.encode());
    b.reader.lagging(1);
    assertCode(() -> b.r.receiveKey(t.encode()), ErrorCode.HEADER_STALE);
  }

  // ---- P4: genesis ------------------------------------------------------------------------

  @Test
  void secondGenesis_notAllowedOnceRegistered() throws Exception {
    net.serving("a");
    Net.Node late = net.started("late", Net.GOOD);
    assertCode(() -> late.r.genesis(), ErrorCode.GENESIS_NOT_ALLOWED);
    assertThat(late.r.status().phase().name()).isEqualTo("NO_STATE");
  }

  @Test
  void racingCandidates_onlyRegisteredOneServes_loserWipes() throws Exception {
    Net.Node c1 = net.node("c1", Net.GOOD);
    Net.Node c2 = net.node("c2", Net.GOOD);
    c1.start();
    c2.start();
    GenesisEvidence g1 = c1.r.genesis();
    GenesisEvidence g2 = c2.r.genesis();
    assertThat(g1.fingerprint()).isNotEqualTo(g2.fingerprint());
    assertThat(c1.r.genesis()).isEqualTo(g1);
    // Before registration, candidates serve nothing.
    assertCode(() -> c1.r.deriveKey("p", "q", "raw"), ErrorCode.NOT_SERVING);
    Net.Node b = net.started("b", Net.GOOD);
    assertCode(() -> c1.r.onboard(b.r.requestKey().encode()), ErrorCode.NOT_SERVING);
    assertThat(c1.r.refresh().phase().name()).isEqualTo("CANDIDATE");
    net.chain.register(g2.fingerprint());
    assertThatThrownBy(() -> net.chain.register(g1.fingerprint()))
        .isInstanceOf(IllegalStateException.class);
    assertCode(() -> c1.r.refresh(), ErrorCode.GENESIS_LOST);
    assertThat(c1.r.status().phase().name()).isEqualTo("NO_STATE");
    assertThat(c1.r.status().fingerprint()).isEmpty();
    assertThat(c2.r.refresh().phase().name()).isEqualTo("SERVING");
    c2.r.deriveKey("p", "q", "raw");
  }

  @Test
  void genesisEvidence_bindsFingerprint() throws Exception {
    Net.Node c = net.started("c", Net.GOOD);
    GenesisEvidence g = c.r.genesis();
    GenesisEvidence parsed = GenesisEvidence.parse(g.encode());
    assertThat(parsed).isEqualTo(g);
    // The owner's tool verifies the candidate's quote against the fingerprint binding.
    assertThat(
            net.tee
                .verifier()
                .verify(parsed.evidence(), parsed.expectedReportData(), net.clock.instant()))
        .isInstanceOf(PeerVerification.Verified.class);
    assertThat(
            net.tee
                .verifier()
                .verify(
                    parsed.evidence(),
                    Transcripts.reportData(
                        Transcripts.genesis(Net.CONFIG, StateFingerprint.of(new byte[32]))),
                    net.clock.instant()))
        .isInstanceOf(PeerVerification.Rejected.class);
  }

  @Test
  void unapprovedInstance_mayNotCreateGenesis() throws Exception {
    Net.Node c = net.started("c", Net.OTHER);
    assertCode(() -> c.r.genesis(), ErrorCode.MEASUREMENT_NOT_APPROVED);
    net.chain.propose(Net.OTHER);
    assertCode(() -> c.r.genesis(), ErrorCode.TIMELOCK_NOT_ELAPSED);
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** REPORTDATA of {@code join}'s transcript, but over {@code anchor}. */
  private static byte[] joinReportData(JoinRequest join, BlockAnchor anchor) {
    return Transcripts.reportData(Transcripts.join(Net.CONFIG, anchor, join.pubk())).toByteArray();
  }

  /** {@code join}'s key at {@code anchor}, with a platform quote over {@code reportData}. */
  private JoinRequest quotedJoin(
      JoinRequest join, BlockAnchor anchor, byte[] reportData, boolean debug, String tcb) {
    byte[] q = net.tee.make(Net.GOOD, reportData, debug, tcb, new byte[20]);
    return new JoinRequest(join.pubk(), Evidence.of(q, "[]"), anchor);
  }

  /** {@code s} sealed to the open join as a source would seal it, at version 0. */
  private Hpke.Sealed sealToJoin(ReplicatedState s, StateFingerprint fingerprint)
      throws ReplicatoorException {
    return Hpke.seal(
        join.pubk(),
        s.encodePlaintext(SecretAccess.insecure()),
        Transcripts.hpkeInfo(Sha256Hash.digest(join.evidence().quote()), join.anchor()),
        Transcripts.hpkeAad(0, fingerprint));
  }

  /** A version-0 bundle for the open join: {@code sealed}, g's fingerprint and block, evidence. */
  private TransferBundle sealedBundle(Hpke.Sealed sealed, TransferBundle g, Evidence evidence) {
    return new TransferBundle(
        join.pubk(),
        join.anchor(),
        sealed.enc(),
        sealed.ciphertext(),
        0,
        g.fingerprint(),
        g.senderBlock(),
        evidence);
  }

  /** {@code signer}'s genuine quote over a transfer transcript for the open join. */
  private Evidence transferQuote(
      Net.Node signer, byte[] enc, Sha256Hash ciphertextHash, long version, TransferBundle g)
      throws ReplicatoorException {
    byte[] transcript =
        Transcripts.transfer(
            Net.CONFIG,
            Sha256Hash.digest(join.evidence().quote()),
            join.anchor(),
            join.pubk(),
            enc,
            ciphertextHash,
            version,
            g.fingerprint(),
            g.senderBlock());
    return signer.agent.quote(Transcripts.reportData(transcript)).evidence();
  }

  private static byte[] flip(byte[] b) {
    byte[] c = b.clone();
    c[0] ^= 1;
    return c;
  }

  /** Same root secret at several versions (a state that changed, and a stale copy). */
  private static final class SecretBytesStates {
    private final byte[] root = new byte[32];

    SecretBytesStates() {
      new SecureRandom().nextBytes(root);
    }

    ReplicatedState at(long version) {
      return ReplicatedState.of(SecretBytes.copyOf(root), version);
    }
  }

  static String hex(byte[] b) {
    return Hex.encode(b);
  }
}
