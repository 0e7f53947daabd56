package io.replicatoor.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.replicatoor.chain.admin.Deployment;
import io.replicatoor.chain.admin.Proposal;
import io.replicatoor.chain.internal.BlockHeader;
import io.replicatoor.chain.testing.AnvilTestBase;
import io.replicatoor.chain.testing.Fixtures;
import io.replicatoor.chain.testing.RpcProxy;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.time.MutableClock;
import io.replicatoor.sim.anvil.Anvil;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TEE reader matrix of upgrade-governance.md 6.3 against a real anvil, with real HTTP proxies
 * that lie (forged headers, tampered proofs, disagreeing endpoints).
 */
class VerifiedReadIT extends AnvilTestBase {
  static final long DELAY = 172_800;
  static final Duration MAX_AGE = Duration.ofHours(1);
  Deployment dep;
  final MutableClock clock = new MutableClock(Instant.EPOCH);

  static long seed = 5000;
  static RpcProxy liar;
  static RpcProxy honestProxy;

  @BeforeAll
  static void start() throws Exception {
    liar = proxy();
    honestProxy = proxy();
  }

  @AfterEach
  void honestAgain() {
    liar.honest();
  }

  Deployment deploy() throws ReplicatoorException {
    dep =
        owner.deploy(
            Fixtures.key(Anvil.KEY_0).address(), Fixtures.key(Anvil.KEY_1).address(), DELAY);
    return dep;
  }

  /** A reader over {@code endpoints} with the clock at the chain's latest timestamp. */
  VerifiedApprovalReader reader(int k, URI... endpoints) {
    return reader(dep.codeHash(), k, endpoints);
  }

  VerifiedApprovalReader reader(Bytes32 codeHash, int k, URI... endpoints) {
    clock.set(Instant.ofEpochSecond(anvil.latestTimestamp() + 5));
    return VerifiedApprovalReader.create(
        ChainReaderConfig.of(31337, List.of(endpoints), k, dep.contract(), codeHash, MAX_AGE),
        clock);
  }

  static void assertFails(ThrowingCall call, ErrorCode code, String messagePart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> {
              assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  /** {@code r}'s decision on {@code id} at its verified block fails with {@code code}. */
  static void assertApprovalFails(
      VerifiedApprovalReader r, MeasurementId id, ErrorCode code, String messagePart)
      throws Exception {
    VerifiedBlock b = r.verifiedBlock();
    assertFails(() -> r.approval(b, id), code, messagePart);
  }

  // ---- 1–4: decisions ------------------------------------------------------------------------

  @Test
  void approval_afterDelay_isActiveWithActivationTime() throws Exception {
    deploy();
    Proposal p = owner.propose(dep.contract(), Fixtures.parts(seed++), "");
    anvil.increaseTime(DELAY);
    anvil.mine();
    VerifiedApprovalReader r = reader(1, anvil.uri());
    VerifiedBlock b = r.verifiedBlock();
    ApprovalState s = r.approval(b, p.measurementId());
    assertThat(s.status()).isEqualTo(ApprovalStatus.ACTIVE);
    assertThat(s.status().isApproved()).isTrue();
    assertThat(s.activeAt()).hasValue(p.activeAt());
    assertThat(s.block()).isEqualTo(b);
    assertThat(b.hash().toPrefixedHex())
        .isEqualTo(anvil.call("eth_getBlockByNumber", "latest", false).get("hash").asText());
  }

  @Test
  void approval_atActiveAtMinusOne_isPendingAndAtActiveAt_isActive() throws Exception {
    deploy();
    Proposal p = owner.propose(dep.contract(), Fixtures.parts(seed++), "");
    VerifiedApprovalReader r0 = reader(1, anvil.uri());
    assertThat(r0.approval(r0.verifiedBlock(), p.measurementId()).status())
        .isEqualTo(ApprovalStatus.PENDING);
    anvil.mineAt(p.activeAt() - 1);
    VerifiedApprovalReader r1 = reader(1, anvil.uri());
    VerifiedBlock b1 = r1.verifiedBlock();
    assertThat(b1.timestamp()).isEqualTo(p.activeAt() - 1);
    ApprovalState pending = r1.approval(b1, p.measurementId());
    assertThat(pending.status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(pending.activeAt()).hasValue(p.activeAt());
    assertThat(r1.pendingUpgrades(b1).states())
        .extracting(ApprovalState::id)
        .contains(p.measurementId());
    anvil.mineAt(p.activeAt());
    VerifiedApprovalReader r2 = reader(1, anvil.uri());
    VerifiedBlock b2 = r2.verifiedBlock();
    assertThat(r2.approval(b2, p.measurementId()).status()).isEqualTo(ApprovalStatus.ACTIVE);
    assertThat(r2.pendingUpgrades(b2).states())
        .extracting(ApprovalState::id)
        .doesNotContain(p.measurementId());
  }

  @Test
  void approval_revoked_isRevoked() throws Exception {
    deploy();
    Proposal p = owner.propose(dep.contract(), Fixtures.parts(seed++), "");
    anvil.mineAt(p.activeAt());
    guardian.revoke(dep.contract(), p.measurementId());
    VerifiedApprovalReader r = reader(1, anvil.uri());
    ApprovalState s = r.approval(r.verifiedBlock(), p.measurementId());
    assertThat(s.status()).isEqualTo(ApprovalStatus.REVOKED);
    assertThat(s.activeAt()).isEmpty();
    assertThat(s.slot().value().toUnsigned()).isEqualTo(StorageSlots.REVOKED);
  }

  @Test
  void approval_unknownAndCancelled_isNoneByExclusionProof() throws Exception {
    deploy();
    Proposal p = owner.propose(dep.contract(), Fixtures.parts(seed++), "");
    owner.cancel(dep.contract(), p.measurementId());
    VerifiedApprovalReader r = reader(1, anvil.uri());
    VerifiedBlock b = r.verifiedBlock();
    assertThat(r.approval(b, p.measurementId()).status()).isEqualTo(ApprovalStatus.NONE);
    assertThat(r.approval(b, MeasurementId.of(Fixtures.word(seed++))).status())
        .isEqualTo(ApprovalStatus.NONE);
    List<ApprovalState> all = r.proposals(b).states();
    assertThat(all).hasSize(1);
    assertThat(all.get(0).status()).isEqualTo(ApprovalStatus.NONE);
  }

  @Test
  void stateFingerprint_beforeAndAfterRegistration() throws Exception {
    deploy();
    VerifiedApprovalReader r = reader(1, anvil.uri());
    VerifiedBlock b0 = r.verifiedBlock();
    assertThat(r.stateFingerprint(b0)).isEqualTo(Bytes32.ZERO);
    assertThat(r.genesis(b0, Fixtures.word(3))).isEqualTo(GenesisStatus.UNREGISTERED);
    // a fingerprint with leading zero bytes is stored without them: must be left-padded
    Bytes32 fp = Bytes32.fromHex("0x0000ab" + "11".repeat(29));
    owner.registerStateKey(dep.contract(), fp);
    VerifiedApprovalReader r2 = reader(1, anvil.uri());
    VerifiedBlock b1 = r2.verifiedBlock();
    assertThat(r2.stateFingerprint(b1)).isEqualTo(fp);
    assertThat(r2.genesis(b1, fp)).isEqualTo(GenesisStatus.MATCHES);
    assertThat(r2.genesis(b1, Fixtures.word(3))).isEqualTo(GenesisStatus.DIFFERENT);
  }

  // ---- 5: tampered proofs --------------------------------------------------------------------

  MeasurementId activeId() throws Exception {
    Proposal p = owner.propose(dep.contract(), Fixtures.parts(seed++), "");
    anvil.mineAt(p.activeAt());
    return p.measurementId();
  }

  static RpcProxy.Rewrite onProof(Consumer<ObjectNode> edit) {
    return (req, resp) -> {
      if (req.get("method").asText().equals("eth_getProof")) {
        edit.accept((ObjectNode) resp.get("result"));
      }
      return resp;
    };
  }

  static String flipLastByte(String hex) {
    byte[] b = HexFormat.of().parseHex(hex.substring(2));
    b[b.length - 1] ^= 0x01;
    return "0x" + HexFormat.of().formatHex(b);
  }

  @Test
  void approval_tamperedStorageNode_proofInvalid() throws Exception {
    deploy();
    MeasurementId id = activeId();
    liar.lieAboutResponses(
        onProof(res -> {
          ArrayNode proof = (ArrayNode) res.get("storageProof").get(0).get("proof");
          proof.set(
              proof.size() - 1,
              TextNode.valueOf(flipLastByte(proof.get(proof.size() - 1).asText())));
          ((ObjectNode) res.get("storageProof").get(0))
              .put("value", "0x1"); // hints are ignored anyway
        }));
    assertApprovalFails(
        reader(1, liar.uri()), id, ErrorCode.PROOF_INVALID, "does not hash to the reference");
  }

  @Test
  void approval_tamperedAccountNode_proofInvalid() throws Exception {
    deploy();
    MeasurementId id = activeId();
    liar.lieAboutResponses(
        onProof(res -> {
          ArrayNode proof = (ArrayNode) res.get("accountProof");
          proof.set(0, TextNode.valueOf(flipLastByte(proof.get(0).asText())));
        }));
    assertApprovalFails(reader(1, liar.uri()), id, ErrorCode.PROOF_INVALID, "account proof");
  }

  @Test
  void approval_proofOfAnotherSlot_proofInvalid() throws Exception {
    deploy();
    MeasurementId id = activeId();
    MeasurementId other = activeId();
    JsonNode otherProof =
        anvil
            .call(
                "eth_getProof",
                dep.contract().toPrefixedHex(),
                List.of(StorageSlots.activeAt(other.toBytes32()).toPrefixedHex()),
                "latest")
            .get("storageProof")
            .get(0)
            .get("proof");
    liar.lieAboutResponses(
        onProof(res -> ((ObjectNode) res.get("storageProof").get(0)).set("proof", otherProof)));
    VerifiedApprovalReader r = reader(1, liar.uri());
    VerifiedBlock b = r.verifiedBlock();
    assertFails(() -> r.approval(b, id), ErrorCode.PROOF_INVALID, "storage proof for slot");
    // and an answer that names a different key is refused before any walk
    liar.lieAboutResponses(
        onProof(res ->
            ((ObjectNode) res.get("storageProof").get(0))
                .put("key", StorageSlots.activeAt(other.toBytes32()).toPrefixedHex())));
    assertFails(() -> r.approval(b, id), ErrorCode.PROOF_INVALID, "is for key");
  }

  @Test
  void approval_extraTrailingOrMissingNode_proofInvalid() throws Exception {
    deploy();
    MeasurementId id = activeId();
    VerifiedApprovalReader r = reader(1, liar.uri());
    VerifiedBlock b = r.verifiedBlock();
    liar.lieAboutResponses(
        onProof(res -> {
          ArrayNode proof = (ArrayNode) res.get("storageProof").get(0).get("proof");
          proof.add(proof.get(0).asText());
        }));
    assertFails(() -> r.approval(b, id), ErrorCode.PROOF_INVALID, "unused trailing node");
    liar.lieAboutResponses(
        onProof(res -> {
          ArrayNode proof = (ArrayNode) res.get("storageProof").get(0).get("proof");
          proof.remove(proof.size() - 1);
        }));
    assertFails(() -> r.approval(b, id), ErrorCode.PROOF_INVALID, "proof ends");
  }

  @Test
  void approval_proofForAnotherAddress_proofInvalid() throws Exception {
    deploy();
    MeasurementId id = activeId();
    Deployment first = dep;
    Deployment second = owner.deploy(first.owner(), first.guardian(), DELAY);
    dep = first;
    liar.lieAboutRequests(req -> {
      if (req.get("method").asText().equals("eth_getProof")) {
        ((ArrayNode) req.get("params")).set(0, TextNode.valueOf(second.contract().toPrefixedHex()));
      }
      return req;
    });
    assertApprovalFails(reader(1, liar.uri()), id, ErrorCode.PROOF_INVALID, "account");
  }

  @Test
  void approval_wrongStateRootHeaderFromSingleLiar_isCaughtByProofs() throws Exception {
    // With k = 1 a liar that rewrites stateRoot and re-hashes the header consistently is trusted
    // for the header (the quorum is the trust boundary), but it cannot make proofs verify.
    deploy();
    MeasurementId id = activeId();
    liar.lieAboutResponses(rewriteHeader("stateRoot", true));
    assertApprovalFails(reader(1, liar.uri()), id, ErrorCode.PROOF_INVALID, "account proof");
  }

  // ---- 6: code hash --------------------------------------------------------------------------

  @Test
  void approval_wrongCodeHash_codeHashMismatch() throws Exception {
    deploy();
    MeasurementId id = activeId();
    assertApprovalFails(
        reader(Fixtures.word(1), 1, anvil.uri()), id, ErrorCode.CODE_HASH_MISMATCH, "pinned");
  }

  @Test
  void approval_lookAlikeCodeAtPinnedAddress_codeHashMismatch() throws Exception {
    deploy();
    MeasurementId id = activeId();
    // a different deployment (different immutables) installed at the pinned address
    Deployment other = owner.deploy(Fixtures.key(Anvil.KEY_2).address(), Address.ZERO, DELAY);
    String code = anvil.call("eth_getCode", other.contract().toPrefixedHex(), "latest").asText();
    anvil.call("anvil_setCode", dep.contract().toPrefixedHex(), code);
    anvil.mine();
    assertApprovalFails(
        reader(1, anvil.uri()), id, ErrorCode.CODE_HASH_MISMATCH, other.codeHash().toPrefixedHex());
  }

  // ---- 7: forged slot at an accepted block (documents the trust boundary) ---------------------

  @Test
  void approval_slotForgedWithSetStorageAt_isAcceptedBecauseTheChainSaysSo() throws Exception {
    deploy();
    MeasurementId id = MeasurementId.of(Fixtures.word(seed++));
    anvil.call(
        "anvil_setStorageAt",
        dep.contract().toPrefixedHex(),
        StorageSlots.activeAt(id).toPrefixedHex(),
        Bytes32.ofUnsigned(BigInteger.ONE).toPrefixedHex());
    anvil.mine();
    VerifiedApprovalReader r = reader(1, anvil.uri());
    assertThat(r.approval(r.verifiedBlock(), id).status()).isEqualTo(ApprovalStatus.ACTIVE);
  }

  // ---- 8: freshness --------------------------------------------------------------------------

  @Test
  void verifiedBlock_olderThanMaxAge_headerStale() throws Exception {
    deploy();
    VerifiedApprovalReader r = reader(1, anvil.uri());
    long ts = anvil.latestTimestamp();
    clock.set(Instant.ofEpochSecond(ts + MAX_AGE.toSeconds()));
    assertThat(r.verifiedBlock().timestamp()).isEqualTo(ts); // exactly maxAge old: accepted
    clock.set(Instant.ofEpochSecond(ts + MAX_AGE.toSeconds() + 1));
    assertFails(r::verifiedBlock, ErrorCode.HEADER_STALE, "old, maximum 3600");
  }

  @Test
  void verifiedBlock_belowHighWaterMark_headerStale() throws Exception {
    deploy();
    VerifiedApprovalReader r = reader(1, liar.uri());
    VerifiedBlock b = r.verifiedBlock();
    assertThat(r.highWaterMark()).isEqualTo(b.number());
    anvil.mine();
    // the liar now serves the previous (validly hashed) block as "latest"
    liar.lieAboutRequests(req -> {
      if (req.get("method").asText().equals("eth_getBlockByNumber")) {
        ((ArrayNode) req.get("params"))
            .set(0, TextNode.valueOf("0x" + Long.toHexString(b.number() - 1)));
      }
      return req;
    });
    assertFails(
        r::verifiedBlock, ErrorCode.HEADER_STALE, "below the high-water mark " + b.number());
  }

  // ---- 9: header hash ------------------------------------------------------------------------

  @Test
  void blockHeader_everyBlock_recomputesAndAnyFieldMutationMismatches() throws Exception {
    deploy();
    activeId();
    long latest = Long.decode(anvil.call("eth_blockNumber").asText());
    for (long n = 0; n <= latest; n++) {
      JsonNode block = anvil.call("eth_getBlockByNumber", "0x" + Long.toHexString(n), false);
      BlockHeader h = BlockHeader.fromJson(block);
      assertThat(h.hashMatches()).as("block %d", n).isTrue();
      assertThat(h.number()).isEqualTo(n);
    }
    JsonNode block = anvil.call("eth_getBlockByNumber", "latest", false);
    assertThat(block.has("requestsHash")).as("anvil 1.7.1 default hardfork is Prague").isTrue();
    Iterator<String> names =
        List.of(
                "parentHash",
                "sha3Uncles",
                "miner",
                "stateRoot",
                "transactionsRoot",
                "receiptsRoot",
                "logsBloom",
                "difficulty",
                "number",
                "gasLimit",
                "gasUsed",
                "timestamp",
                "extraData",
                "mixHash",
                "nonce",
                "baseFeePerGas",
                "withdrawalsRoot",
                "blobGasUsed",
                "excessBlobGas",
                "parentBeaconBlockRoot",
                "requestsHash")
            .iterator();
    while (names.hasNext()) {
      String f = names.next();
      ObjectNode copy = block.deepCopy();
      copy.put(f, mutate(f, copy.get(f).asText()));
      assertThat(BlockHeader.fromJson(copy).hashMatches()).as("mutated %s", f).isFalse();
    }
    // a later fork field without an earlier one is malformed
    ObjectNode gap = block.deepCopy();
    gap.remove("withdrawalsRoot");
    assertFails(
        () -> BlockHeader.fromJson(gap), ErrorCode.RPC_ERROR, "lacks an earlier fork field");
  }

  static String mutate(String field, String v) {
    if (v.equals("0x")) {
      return "0x01"; // empty extraData
    }
    if (field.equals("difficulty")
        || field.equals("number")
        || field.equals("gasLimit")
        || field.equals("gasUsed")
        || field.equals("timestamp")
        || field.equals("baseFeePerGas")
        || field.equals("blobGasUsed")
        || field.equals("excessBlobGas")) {
      return "0x" + Long.toHexString(Long.decode(v) + 1);
    }
    return flipLastByte(v);
  }

  @Test
  void verifiedBlock_forgedHeaderField_headerHashMismatch() throws Exception {
    deploy();
    liar.lieAboutResponses(rewriteHeader("stateRoot", false));
    VerifiedApprovalReader r = reader(1, liar.uri());
    assertFails(r::verifiedBlock, ErrorCode.HEADER_HASH_MISMATCH, "but its fields hash to");
  }

  /** Rewrites a header field; with {@code rehash} the lie is made self-consistent. */
  static RpcProxy.Rewrite rewriteHeader(String field, boolean rehash) {
    return (req, resp) -> {
      if (req.get("method").asText().equals("eth_getBlockByNumber")) {
        ObjectNode b = (ObjectNode) resp.get("result");
        b.put(field, flipLastByte(b.get(field).asText()));
        if (rehash) {
          b.put("hash", "0x" + HexFormat.of().formatHex(BlockHeader.fromJson(b).computedHash()));
        }
      }
      return resp;
    };
  }

  // ---- 10: quorum ----------------------------------------------------------------------------

  @Test
  void verifiedBlock_oneConsistentLiarOfThreeWithK2_agreesOnTruth() throws Exception {
    deploy();
    MeasurementId id = activeId();
    liar.lieAboutResponses(rewriteHeader("stateRoot", true));
    VerifiedApprovalReader r = reader(2, anvil.uri(), honestProxy.uri(), liar.uri());
    VerifiedBlock b = r.verifiedBlock();
    assertThat(b.hash().toPrefixedHex())
        .isEqualTo(anvil.call("eth_getBlockByNumber", "latest", false).get("hash").asText());
    assertThat(r.approval(b, id).status()).isEqualTo(ApprovalStatus.ACTIVE);
  }

  @Test
  void verifiedBlock_negativeQuantityFromOneLiarOfThreeWithK2_agreesOnTruth() throws Exception {
    // "0x-1" once parsed as the BigInteger -1 and escaped as an unchecked exception that broke
    // the whole quorum round, although two honest endpoints agreed.
    deploy();
    liar.lieAboutResponses((req, resp) -> {
      if (req.get("method").asText().equals("eth_getBlockByNumber")) {
        ((ObjectNode) resp.get("result")).put("number", "0x-1");
      }
      return resp;
    });
    VerifiedApprovalReader r = reader(2, anvil.uri(), honestProxy.uri(), liar.uri());
    VerifiedBlock b = r.verifiedBlock();
    assertThat(b.hash().toPrefixedHex())
        .isEqualTo(anvil.call("eth_getBlockByNumber", "latest", false).get("hash").asText());
    VerifiedApprovalReader r3 = reader(3, anvil.uri(), honestProxy.uri(), liar.uri());
    assertFails(r3::verifiedBlock, ErrorCode.RPC_UNAVAILABLE, "1 failed; need 3 of 3");
  }

  @Test
  void verifiedBlock_consistentLiarWithK2of2_quorumDisagrees() throws Exception {
    deploy();
    liar.lieAboutResponses(rewriteHeader("stateRoot", true));
    VerifiedApprovalReader r = reader(2, anvil.uri(), liar.uri());
    assertFails(r::verifiedBlock, ErrorCode.QUORUM_DISAGREES, "need 2 of 2 to agree");
    VerifiedApprovalReader all3 = reader(3, anvil.uri(), honestProxy.uri(), liar.uri());
    assertFails(all3::verifiedBlock, ErrorCode.QUORUM_DISAGREES, "need 3 of 3");
  }

  @Test
  void verifiedBlock_endpointReportsOneBlockBehindButServesTheHead_agreesOnTheHead()
      throws Exception {
    deploy();
    anvil.mine();
    long latest = Long.decode(anvil.call("eth_blockNumber").asText());
    // the proxy lags one block behind: "latest" means latest - 1 there
    liar.lieAboutRequests(req -> {
      if (req.get("method").asText().equals("eth_getBlockByNumber")
          && req.get("params").get(0).asText().equals("latest")) {
        ((ArrayNode) req.get("params"))
            .set(0, TextNode.valueOf("0x" + Long.toHexString(latest - 1)));
      }
      return req;
    });
    VerifiedApprovalReader r = reader(2, anvil.uri(), liar.uri());
    VerifiedBlock b = r.verifiedBlock();
    // never the older block: the decision is the highest head, which both endpoints serve
    assertThat(b.number()).isEqualTo(latest);
    assertThat(b.hash().toPrefixedHex())
        .isEqualTo(
            anvil
                .call("eth_getBlockByNumber", "0x" + Long.toHexString(latest), false)
                .get("hash")
                .asText());
  }

  @Test
  void verifiedBlock_tooFewEndpointsUp_rpcUnavailable() throws Exception {
    deploy();
    URI dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/");
    }
    VerifiedApprovalReader r = reader(2, anvil.uri(), dead);
    assertFails(r::verifiedBlock, ErrorCode.RPC_UNAVAILABLE, "need 2 of 2");
    VerifiedApprovalReader ok = reader(1, dead, anvil.uri());
    assertThat(ok.verifiedBlock().number()).isPositive(); // 1 of 2 tolerates a dead endpoint
  }

  @Test
  void verifiedBlock_allProvidersDown_failsClosedThenRecovers() throws Exception {
    deploy();
    MeasurementId id = activeId();
    VerifiedApprovalReader r = reader(1, liar.uri());
    liar.lieAboutResponses((req, resp) -> {
      throw new IllegalStateException("provider down"); // the proxy answers HTTP 500
    });
    assertFails(r::verifiedBlock, ErrorCode.RPC_UNAVAILABLE, "HTTP 500");
    liar.honest();
    assertThat(r.approval(r.verifiedBlock(), id).status()).isEqualTo(ApprovalStatus.ACTIVE);
  }

  @Test
  void proveSlots_proofsFromLiarFirst_fallBackToHonestEndpoint() throws Exception {
    deploy();
    MeasurementId id = activeId();
    liar.lieAboutResponses(onProof(res -> ((ArrayNode) res.get("accountProof")).remove(0)));
    VerifiedApprovalReader r = reader(1, liar.uri(), anvil.uri());
    VerifiedBlock b = r.verifiedBlock();
    Map<Bytes32, ProvenSlot> m = r.proveSlots(b, List.of(StorageSlots.activeAt(id)));
    assertThat(m.get(StorageSlots.activeAt(id)).value().isZero()).isFalse();
  }
}
