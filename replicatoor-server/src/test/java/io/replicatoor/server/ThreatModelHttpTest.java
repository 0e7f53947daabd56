package io.replicatoor.server;

import static io.replicatoor.server.Http.code;
import static io.replicatoor.server.Http.get;
import static io.replicatoor.server.Http.json;
import static io.replicatoor.server.Http.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.attest.agent.QuoteResponse;
import io.replicatoor.chain.admin.Deployment;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.handover.BlockAnchor;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.handover.HandoverConfig;
import io.replicatoor.core.handover.JoinRequest;
import io.replicatoor.core.handover.Transcripts;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.Sha256Hash;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.core.state.ReplicatedState;
import io.replicatoor.core.state.StateFingerprint;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import io.replicatoor.server.testing.ServedInstances;
import io.replicatoor.sim.SimAgent;
import io.replicatoor.testing.Forms;
import io.replicatoor.testing.HostHpke;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: every attack of {@code threat-model.md} section 4 that reaches the host port, end to end
 * over real HTTP with the real adapters (the embed builder over simulator agents on Unix sockets
 * and a real anvil with {@code UpgradeOperator}). Each test is one attack, named after the property
 * it breaks: it asserts the HTTP status and JSON error code, that the target's {@code /status} did
 * not move (phase, fingerprint, state version, peers onboarded, ...), and that the target still
 * serves afterwards (a later legitimate hand-over succeeds, keys are still derived).
 *
 * <p>Attacks that need a quote over attacker-chosen data get it the way an attacker would: from the
 * guest agent socket of a VM it controls ({@code GetQuote} on the simulator agent), and every such
 * crafted path has a control test showing the same path is answered when nothing is wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreatModelHttpTest {
  private static final String V1 = "v1";
  private static final List<String> UNCHANGED_FIELDS =
      List.of(
          "phase",
          "holdsState",
          "measurementId",
          "fingerprint",
          "stateVersion",
          "peersOnboarded",
          "onboardedFrom",
          "haltReason");

  @TempDir static Path tmp;
  private final List<ReplicatoorServer> servers = new ArrayList<>();
  private final AtomicInteger names = new AtomicInteger();
  private final SecureRandom random = new SecureRandom();
  private DevNetwork dev;

  /** A, the serving instance holding the registered state. */
  private Node a;

  private GenesisEvidence genesis;

  /** An instance and its server. */
  record Node(EmbeddedReplicatoor r, ReplicatoorServer server, String name) {
    String url(String path) {
      return "http://127.0.0.1:" + server.port() + path;
    }

    JsonNode status() {
      return json(get(url("/status")));
    }
  }

  @BeforeAll
  void startNetwork() throws Exception {
    dev = DevNetwork.start(tmp.resolve("net"));
    EmbeddedReplicatoor ea = dev.instance(V1, "a", true).start();
    genesis = ea.genesis();
    dev.registerState(genesis);
    ea.refresh();
    a = serve(ea, "a");
    assertThat(a.status().path("phase").asText()).isEqualTo("SERVING");
  }

  @AfterAll
  void stopNetwork() throws Exception {
    servers.forEach(ReplicatoorServer::stop);
    if (dev != null) {
      dev.close();
    }
  }

  private Node serve(EmbeddedReplicatoor r, String name) {
    ReplicatoorServer s = ServedInstances.quietServer(r.core(), Duration.ofMillis(500));
    servers.add(s);
    return new Node(r, s, name);
  }

  /** A new waiting instance of the approved version behind its own server. */
  private Node waiting() throws Exception {
    String name = "b" + names.incrementAndGet();
    Node b = serve(dev.instance(V1, name, true).start(), name);
    // Its first periodic refresh adds the chain view to /status; snapshots start after it.
    for (int i = 0; i < 100 && b.status().path("chain").isMissingNode(); i++) {
      Thread.sleep(50);
    }
    assertThat(b.status().path("chain").path("contract").isTextual()).isTrue();
    return b;
  }

  // ---- helpers: snapshots, refusals, legitimate hand-overs --------------------------------------

  /** The fields of {@code /status} an attack must not move (block numbers legitimately move). */
  private static JsonNode snapshot(Node n) {
    JsonNode s = n.status();
    ObjectNode o = Http.JSON.createObjectNode();
    for (String f : UNCHANGED_FIELDS) {
      o.set(f, s.path(f));
    }
    o.set("contract", s.path("chain").path("contract"));
    o.set("chainId", s.path("chain").path("chainId"));
    return o;
  }

  private static void assertRefused(HttpResponse<String> r, int status, String error) {
    assertThat(code(r)).as(r.body()).isEqualTo(error);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(json(r).path("message").asText()).isNotEmpty();
  }

  private static HttpResponse<String> postJson(Node n, String path, String body) {
    return post(n.url(path), "application/json", body);
  }

  private static JsonNode requestKey(Node b) {
    HttpResponse<String> r = post(b.url("/requestKey"), null, new byte[0]);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  private HttpResponse<String> onboard(JsonNode join) {
    return postJson(a, "/onboard", join.toString());
  }

  private JsonNode bundleFor(JsonNode join) {
    HttpResponse<String> r = onboard(join);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  /** B accepts {@code bundle}: it serves the registered state with A's keys. */
  private void assertReceives(Node b, JsonNode bundle) throws Exception {
    HttpResponse<String> r = postJson(b, "/receiveKey", bundle.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).path("phase").asText()).isEqualTo("SERVING");
    assertThat(b.status().path("fingerprint").asText()).isEqualTo(genesis.fingerprint().toHex());
    DerivedKey ka = a.r().deriveKey("wallet/0", "signing", "secp256k1");
    DerivedKey kb = b.r().deriveKey("wallet/0", "signing", "secp256k1");
    assertThat(kb.key().equalsSecret(ka.key())).isTrue();
  }

  /** A is unchanged by the attack and still serves: a fresh legitimate hand-over works. */
  private void assertAUnchangedAndServing(JsonNode before) throws Exception {
    assertThat(snapshot(a)).isEqualTo(before);
    Node b = waiting();
    assertReceives(b, bundleFor(requestKey(b)));
    assertThat(a.status().path("peersOnboarded").asLong())
        .isEqualTo(before.path("peersOnboarded").asLong() + 1);
  }

  // ---- helpers: what an attacker can make -------------------------------------------------------

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  /** The newest block A decided on, as its {@code /status} tells anyone: a valid join anchor. */
  private BlockAnchor anchorOfA() {
    JsonNode chain = a.status().path("chain");
    return new BlockAnchor(
        chain.path("blockNumber").asLong(), Bytes32.fromHex(chain.path("blockHash").asText()));
  }

  private static HandoverConfig configOf(Deployment d) {
    return HandoverConfig.of(DevNetwork.CHAIN_ID, EthereumAddress.fromHex(d.contract().toHex()));
  }

  /** A quote over {@code reportData} from the agent socket of a VM the attacker runs code in. */
  private static QuoteResponse quoteFrom(Path agentSocket, byte[] reportData) throws Exception {
    return GuestAgentClient.forUnixSocket(agentSocket).quote(reportData);
  }

  /** protocol.md 5.1: the {@code quote} field container around a TDX quote and event log. */
  private static String joinQuoteField(BlockAnchor anchor, byte[] quote, String eventLog) {
    byte[] log = eventLog.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(
            JoinRequest.QUOTE_MAGIC.length
                + Long.BYTES
                + Bytes32.SIZE
                + Integer.BYTES
                + quote.length
                + Integer.BYTES
                + log.length);
    b.put(JoinRequest.QUOTE_MAGIC)
        .putLong(anchor.number())
        .put(anchor.hash().toByteArray())
        .putInt(quote.length)
        .put(quote)
        .putInt(log.length)
        .put(log);
    return Hex.encode(b.array());
  }

  /** The original two-field join (protocol.md 5.1 form (b)). */
  private static String joinJson(byte[] pubk, String quoteField) {
    ObjectNode o = Http.JSON.createObjectNode();
    o.put("pubk", Hex.encode(pubk));
    o.put("quote", quoteField);
    return o.toString();
  }

  /**
   * A join made by code in the VM behind {@code agentSocket}: a fresh key, and a quote over {@code
   * T_join} of the deployment {@code config} (which the attacker chooses) at {@code anchor}.
   */
  private static String craftedJoin(Path agentSocket, HandoverConfig config, BlockAnchor anchor)
      throws Exception {
    byte[] epk = randomBytes(JoinRequest.PUBK_BYTES);
    QuoteResponse q =
        quoteFrom(
            agentSocket,
            Transcripts.reportData(Transcripts.join(config, anchor, epk)).toByteArray());
    return joinJson(epk, joinQuoteField(anchor, q.quote().toByteArray(), q.eventLogJson()));
  }

  /** The TDX quote inside a join's {@code quote} container. */
  private static byte[] rawJoinQuote(JsonNode join) throws Exception {
    return JoinRequest.parse(join.toString().getBytes(StandardCharsets.UTF_8)).evidence().quote();
  }

  /** The agent socket of a new VM running the approved version, no instance started in it. */
  private Path approvedVm(String prefix) throws Exception {
    String name = prefix + names.incrementAndGet();
    dev.instance(V1, name, true);
    return dev.agentSocket(name);
  }

  /**
   * A refuses (403, {@code error}) a join crafted in the VM behind {@code agentSocket} for {@code
   * config} at {@code anchor}, and is unchanged and still serving afterwards.
   */
  private HttpResponse<String> assertCraftedJoinRefused(
      Path agentSocket, HandoverConfig config, BlockAnchor anchor, String error) throws Exception {
    JsonNode before = snapshot(a);
    HttpResponse<String> r = postJson(a, "/onboard", craftedJoin(agentSocket, config, anchor));
    assertRefused(r, 403, error);
    assertAUnchangedAndServing(before);
    return r;
  }

  /**
   * B refuses {@code bundle} as changed by {@code forge} (403 BINDING_MISMATCH), status unmoved.
   */
  private static void assertForgedBundleRefused(
      Node b, JsonNode bundle, Consumer<ObjectNode> forge) {
    JsonNode beforeB = snapshot(b);
    ObjectNode forged = bundle.deepCopy();
    forge.accept(forged);
    assertRefused(postJson(b, "/receiveKey", forged.toString()), 403, "BINDING_MISMATCH");
    assertThat(snapshot(b)).isEqualTo(beforeB);
  }

  // ---- control: the crafted path works when nothing is wrong -----------------------------------

  @Test
  void control_aJoinCraftedThroughTheAgentSocketOfAnApprovedVmIsAnswered() throws Exception {
    Path vm = approvedVm("ctl");
    JsonNode before = snapshot(a);
    HttpResponse<String> r =
        postJson(a, "/onboard", craftedJoin(vm, configOf(dev.deployment()), anchorOfA()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(a.status().path("peersOnboarded").asLong())
        .isEqualTo(before.path("peersOnboarded").asLong() + 1);
  }

  // ---- P1 quote <-> key binding, domain separation ---------------------------------------------

  @Test
  void p1_joinQuoteBoundToAnotherKey_pubkSwapped_bindingMismatch() throws Exception {
    Node b = waiting();
    JsonNode join = requestKey(b);
    JsonNode before = snapshot(a);
    ObjectNode swapped = join.deepCopy();
    swapped.put("pubk", Hex.encode(randomBytes(JoinRequest.PUBK_BYTES)));
    assertRefused(onboard(swapped), 403, "BINDING_MISMATCH");
    // The original two form fields, pubk swapped.
    String form =
        Forms.urlEncoded(
            "pubk", Hex.encode(randomBytes(JoinRequest.PUBK_BYTES)),
            "quote", join.path("quote").asText());
    assertRefused(
        post(a.url("/onboard"), "application/x-www-form-urlencoded", form),
        403,
        "BINDING_MISMATCH");
    assertThat(snapshot(a)).isEqualTo(before);
    // The genuine join was not consumed by the refusals.
    assertReceives(b, bundleFor(join));
  }

  @Test
  void p1_joinQuotePresentedAsTransfer_bindingMismatch() throws Exception {
    Node b = waiting();
    JsonNode join = requestKey(b);
    JsonNode bundle = bundleFor(join);
    byte[] joinQuote = rawJoinQuote(join);
    assertForgedBundleRefused(
        b,
        bundle,
        forged -> {
          forged.put("quote", Hex.encode(joinQuote));
          forged.put("eventLog", join.path("eventLog").asText());
        });
    assertThat(snapshot(b).path("phase").asText()).isEqualTo("JOINING");
    assertReceives(b, bundle);
  }

  @Test
  void p1_transferQuotePresentedAsJoin_bindingMismatch() throws Exception {
    Node b1 = waiting();
    JsonNode bundle = bundleFor(requestKey(b1));
    JsonNode before = snapshot(a);
    // A's own transfer quote, wrapped as a join for the bundle's key and anchor.
    BlockAnchor anchor =
        new BlockAnchor(
            bundle.path("anchor").path("number").asLong(),
            Bytes32.fromHex(bundle.path("anchor").path("hash").asText()));
    String forged =
        joinJson(
            Hex.decode(bundle.path("pubk").asText()),
            joinQuoteField(
                anchor,
                Hex.decode(bundle.path("quote").asText()),
                bundle.path("eventLog").asText()));
    assertRefused(postJson(a, "/onboard", forged), 403, "BINDING_MISMATCH");
    assertAUnchangedAndServing(before);
  }

  @Test
  void p1_joinQuoteForAnotherContract_bindingMismatch() throws Exception {
    Deployment other = dev.deployAnother();
    assertCraftedJoinRefused(approvedVm("oc"), configOf(other), anchorOfA(), "BINDING_MISMATCH");
  }

  @Test
  void p1_joinQuoteForAnotherChainId_bindingMismatch() throws Exception {
    Path vm = approvedVm("ci");
    HandoverConfig mainnet =
        HandoverConfig.of(1, EthereumAddress.fromHex(dev.deployment().contract().toHex()));
    assertCraftedJoinRefused(vm, mainnet, anchorOfA(), "BINDING_MISMATCH");
  }

  // ---- P2 sender attestation --------------------------------------------------------------------

  @Test
  void p2_transferFromNonTeeSender_validHpkeToB_refusedBeforeDecryption() throws Exception {
    Node b = waiting();
    JsonNode join = requestKey(b);
    JsonNode bundle = bundleFor(join); // the genuine answer, held back by the host
    JsonNode beforeB = snapshot(b);
    // The host's own state, correctly sealed to B's one-time key with B's info and aad: B would
    // decrypt it. Only a quote from an approved TEE is missing.
    ReplicatedState evil = ReplicatedState.generate(random);
    byte[] pubk = Hex.decode(join.path("pubk").asText());
    BlockAnchor anchor =
        new BlockAnchor(
            join.path("anchor").path("number").asLong(),
            Bytes32.fromHex(join.path("anchor").path("hash").asText()));
    StateFingerprint registered = genesis.fingerprint();
    HostHpke.Sealed sealed =
        HostHpke.seal(
            pubk,
            evil.encodePlaintext(SecretAccess.insecure()),
            Transcripts.hpkeInfo(Sha256Hash.digest(rawJoinQuote(join)), anchor),
            Transcripts.hpkeAad(0, registered));
    ObjectNode forged = bundle.deepCopy();
    forged.put("enc", Hex.encode(sealed.enc()));
    forged.put("ciphertext", Hex.encode(sealed.ciphertext()));
    // (a) with A's genuine quote, which binds the other ciphertext
    assertRefused(postJson(b, "/receiveKey", forged.toString()), 403, "BINDING_MISMATCH");
    assertThat(snapshot(b)).isEqualTo(beforeB);
    // (b) with no valid quote at all
    forged.put("quote", Hex.encode(randomBytes(1024)));
    HttpResponse<String> noQuote = postJson(b, "/receiveKey", forged.toString());
    assertThat(noQuote.statusCode()).as(noQuote.body()).isIn(400, 403);
    assertThat(code(noQuote)).startsWith("QUOTE_");
    assertThat(snapshot(b)).isEqualTo(beforeB);
    // (c) with B's own genuine join quote (valid, from an approved TEE, but over T_join)
    forged.put("quote", Hex.encode(rawJoinQuote(join)));
    forged.put("eventLog", join.path("eventLog").asText());
    assertRefused(postJson(b, "/receiveKey", forged.toString()), 403, "BINDING_MISMATCH");
    assertThat(snapshot(b)).isEqualTo(beforeB);
    // Nothing was decrypted: the join is still open and the genuine bundle installs A's state.
    assertReceives(b, bundle);
    evil.destroy();
  }

  @Test
  void p2_transferWithTamperedFingerprint_bindingMismatch() throws Exception {
    Node b = waiting();
    JsonNode bundle = bundleFor(requestKey(b));
    assertForgedBundleRefused(
        b, bundle, forged -> forged.put("fingerprint", Hex.encode(randomBytes(Bytes32.SIZE))));
    assertReceives(b, bundle);
  }

  // ---- P3 measurement authorisation with the 48 h delay ----------------------------------------

  @Test
  void p3_onboardingAProposedMeasurementBeforeTheTimelock_timelockNotElapsed() throws Exception {
    String name = "pending" + names.incrementAndGet();
    EmbeddedReplicatoor p = dev.instance("pending-" + name, name, false).start();
    String id = p.status().measurementId();
    HttpResponse<String> r =
        assertCraftedJoinRefused(
            dev.agentSocket(name), configOf(dev.deployment()), anchorOfA(), "TIMELOCK_NOT_ELAPSED");
    // The error carries the activation time A read on chain (also listed in A's pendingUpgrades).
    long activeAt = 0;
    for (int i = 0; i < 50 && activeAt == 0; i++) {
      for (JsonNode u : a.status().path("pendingUpgrades").path("upgrades")) {
        if (u.path("measurementId").asText().equals(id)) {
          activeAt = u.path("activeAt").asLong();
        }
      }
      if (activeAt == 0) {
        Thread.sleep(100);
      }
    }
    assertThat(activeAt).isPositive();
    assertThat(json(r).path("message").asText())
        .contains(Instant.ofEpochSecond(activeAt).toString());
  }

  @Test
  void p3_onboardingARevokedMeasurement_measurementRevoked() throws Exception {
    String name = "revoked" + names.incrementAndGet();
    EmbeddedReplicatoor p = dev.instance("revoked-" + name, name, false).start();
    dev.revoke(MeasurementId.fromHex(p.status().measurementId()));
    assertCraftedJoinRefused(
        dev.agentSocket(name), configOf(dev.deployment()), anchorOfA(), "MEASUREMENT_REVOKED");
  }

  @Test
  void p3_onboardingAnUnknownMeasurement_measurementNotApproved() throws Exception {
    // A VM running a compose that was never proposed (started without DevNetwork proposing it).
    String name = "unknown" + names.incrementAndGet();
    Path net = tmp.resolve("net");
    try (SimAgent agent =
        SimAgent.start(
            net.resolve("pki"), net, name, "never-proposed", new byte[20], dev.clock().instant())) {
      assertCraftedJoinRefused(
          agent.socket(), configOf(dev.deployment()), anchorOfA(), "MEASUREMENT_NOT_APPROVED");
    }
  }

  // ---- P4 single genesis ------------------------------------------------------------------------

  @Test
  void p4_genesisWhenAStateKeyIsRegistered_genesisNotAllowed() throws Exception {
    Node b = waiting();
    JsonNode beforeB = snapshot(b);
    assertRefused(post(b.url("/genesis"), null, new byte[0]), 409, "GENESIS_NOT_ALLOWED");
    assertThat(snapshot(b)).isEqualTo(beforeB);
    JsonNode before = snapshot(a);
    assertRefused(post(a.url("/genesis"), null, new byte[0]), 409, "ALREADY_CONFIGURED");
    assertThat(snapshot(a)).isEqualTo(before);
    assertReceives(b, bundleFor(requestKey(b)));
  }

  @Test
  void p4_twoRacingCandidates_onlyTheRegisteredOneServes() throws Exception {
    try (DevNetwork race = DevNetwork.start(tmp.resolve("race"))) {
      Node c1 = serve(race.instance(V1, "c1", true).start(), "c1");
      Node c2 = serve(race.instance(V1, "c2", true).start(), "c2");
      HttpResponse<String> g1 = post(c1.url("/genesis"), null, new byte[0]);
      HttpResponse<String> g2 = post(c2.url("/genesis"), null, new byte[0]);
      assertThat(g1.statusCode()).as(g1.body()).isEqualTo(200);
      assertThat(g2.statusCode()).as(g2.body()).isEqualTo(200);
      // Candidates serve nothing.
      for (Node c : List.of(c1, c2)) {
        assertThat(c.status().path("phase").asText()).isEqualTo("CANDIDATE");
        assertRefused(postJson(c, "/onboard", "{}"), 409, "NOT_SERVING");
      }
      GenesisEvidence e1 = GenesisEvidence.parse(g1.body().getBytes(StandardCharsets.UTF_8));
      GenesisEvidence e2 = GenesisEvidence.parse(g2.body().getBytes(StandardCharsets.UTF_8));
      race.registerState(e1);
      assertThatThrownBy(() -> race.registerState(e2)).as("registerStateKey is write-once");
      // The periodic refresh promotes c1 and makes c2 wipe its candidate state.
      JsonNode s1 = null;
      JsonNode s2 = null;
      for (int i = 0; i < 100; i++) {
        s1 = c1.status();
        s2 = c2.status();
        if (s1.path("phase").asText().equals("SERVING")
            && s2.path("phase").asText().equals("NO_STATE")) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(s1.path("phase").asText()).isEqualTo("SERVING");
      assertThat(s1.path("fingerprint").asText()).isEqualTo(e1.fingerprint().toHex());
      assertThat(s2.path("phase").asText()).as(s2.toString()).isEqualTo("NO_STATE");
      assertThat(s2.path("fingerprint").isMissingNode() || s2.path("fingerprint").isNull())
          .as(s2.toString())
          .isTrue();
      // The loser may not start again; it is onboarded from the winner.
      assertRefused(post(c2.url("/genesis"), null, new byte[0]), 409, "GENESIS_NOT_ALLOWED");
      JsonNode join = requestKey(c2);
      HttpResponse<String> bundle = postJson(c1, "/onboard", join.toString());
      assertThat(bundle.statusCode()).as(bundle.body()).isEqualTo(200);
      HttpResponse<String> recv = postJson(c2, "/receiveKey", bundle.body());
      assertThat(recv.statusCode()).as(recv.body()).isEqualTo(200);
      assertThat(c2.status().path("fingerprint").asText()).isEqualTo(e1.fingerprint().toHex());
    }
  }

  // ---- P5 replay --------------------------------------------------------------------------------

  @Test
  void p5_replayingAConsumedJoin_joinReplayed() throws Exception {
    Node b = waiting();
    JsonNode join = requestKey(b);
    JsonNode bundle = bundleFor(join);
    JsonNode before = snapshot(a);
    assertRefused(onboard(join), 409, "JOIN_REPLAYED");
    String form =
        Forms.urlEncoded("pubk", join.path("pubk").asText(), "quote", join.path("quote").asText());
    assertRefused(
        post(a.url("/onboard"), "application/x-www-form-urlencoded", form), 409, "JOIN_REPLAYED");
    assertThat(snapshot(a)).isEqualTo(before);
    assertReceives(b, bundle);
    assertAUnchangedAndServing(before);
  }

  @Test
  void p5_replayingARecordedTransferIntoANewInstance_refused() throws Exception {
    Node b1 = waiting();
    JsonNode recorded = bundleFor(requestKey(b1));
    assertReceives(b1, recorded);
    // Into the instance that used it: already configured.
    JsonNode before1 = snapshot(b1);
    assertRefused(postJson(b1, "/receiveKey", recorded.toString()), 409, "ALREADY_CONFIGURED");
    assertThat(snapshot(b1)).isEqualTo(before1);
    // Into a new instance with no join open.
    Node b2 = waiting();
    JsonNode before2 = snapshot(b2);
    assertRefused(
        postJson(b2, "/receiveKey", recorded.toString()), 409, "HANDSHAKE_UNEXPECTED_MESSAGE");
    assertThat(snapshot(b2)).isEqualTo(before2);
    // Into a new instance with its own join open (another epk_B and quote hash).
    JsonNode join2 = requestKey(b2);
    JsonNode joining = snapshot(b2);
    assertRefused(postJson(b2, "/receiveKey", recorded.toString()), 403, "BINDING_MISMATCH");
    // ... even relabelled with the new join's key and anchor (A's quote binds the old ones).
    ObjectNode relabelled = recorded.deepCopy();
    relabelled.put("pubk", join2.path("pubk").asText());
    relabelled.set("anchor", join2.path("anchor"));
    assertRefused(postJson(b2, "/receiveKey", relabelled.toString()), 403, "BINDING_MISMATCH");
    assertThat(snapshot(b2)).isEqualTo(joining);
    assertReceives(b2, bundleFor(join2));
  }

  @Test
  void p5_joinAnchoredOnABlockANeverSaw_anchorUnknown() throws Exception {
    Path vm = approvedVm("fork");
    BlockAnchor real = anchorOfA();
    BlockAnchor forged = new BlockAnchor(real.number(), Bytes32.of(randomBytes(Bytes32.SIZE)));
    assertCraftedJoinRefused(vm, configOf(dev.deployment()), forged, "ANCHOR_UNKNOWN");
  }

  @Test
  void p5_joinOlderThanTheMaxJoinAge_anchorStale() throws Exception {
    Node b = waiting();
    JsonNode join = requestKey(b);
    dev.advance(HandoverConfig.MAX_JOIN_AGE.toSeconds() + 60);
    JsonNode before = snapshot(a);
    assertRefused(onboard(join), 403, "ANCHOR_STALE");
    assertAUnchangedAndServing(before);
  }

  // ---- P6 rollback ------------------------------------------------------------------------------

  @Test
  void p6_transferWithTamperedStateVersion_bindingMismatch() throws Exception {
    Node b = waiting();
    JsonNode bundle = bundleFor(requestKey(b));
    for (long v : new long[] {1, 7, Long.MAX_VALUE}) {
      assertForgedBundleRefused(b, bundle, forged -> forged.put("stateVersion", v));
    }
    assertReceives(b, bundle);
    assertThat(b.status().path("stateVersion").asLong()).isZero();
  }

  // ---- P10 host configuration -------------------------------------------------------------------

  @Test
  void p10_configureAMeasuredSettingOrUnknownKey_badRequest() throws Exception {
    JsonNode before = snapshot(a);
    String contract = dev.deployAnother().contract().toHex();
    for (String line :
        new String[] {
          "REPLICATOOR_CONTRACT=" + contract,
          "REPLICATOOR_CHAIN_ID=1",
          "REPLICATOOR_RPC_URLS=http://127.0.0.1:1",
          "REPLICATOOR_SEALING=off",
          "REPLICATOOR_MAX_JOIN_AGE_SECONDS=3600",
          "CONTRACT_ADDRESS=" + contract,
          "ETH_RPC_URL=http://127.0.0.1:1",
          "CHAIN_ID=1",
        }) {
      HttpResponse<String> r = post(a.url("/configure"), "text/plain", line + "\n");
      assertRefused(r, 400, "BAD_REQUEST");
      assertThat(json(r).path("message").asText()).contains("measured setting");
    }
    HttpResponse<String> unknown = post(a.url("/configure"), "text/plain", "POLICY=allow-debug\n");
    assertRefused(unknown, 400, "BAD_REQUEST");
    assertThat(snapshot(a)).isEqualTo(before);
    assertAUnchangedAndServing(before);
  }

  // ---- P12 guest-only key endpoint --------------------------------------------------------------

  @Test
  void p12_keyRoutesOnTheHostPort_notFound() throws Exception {
    JsonNode before = snapshot(a);
    String body = "{\"path\":\"wallet/0\",\"purpose\":\"signing\"}";
    for (String route :
        List.of(
            "/getkey",
            "/GetKey",
            "/prpc/GetKey",
            "/prpc/DstackGuest.GetKey",
            "/prpc/GetKey?json",
            "/prpc/Tappd.DeriveKey")) {
      assertRefused(postJson(a, route, body), 404, "NOT_FOUND");
      assertRefused(get(a.url(route)), 404, "NOT_FOUND");
    }
    assertThat(snapshot(a)).isEqualTo(before);
  }
}
