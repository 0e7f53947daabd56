package io.replicatoor.core.handover;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.internal.StrictJson;
import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.port.ReportData;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.core.state.ReplicatedState;
import io.replicatoor.core.state.StateFingerprint;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * What a genesis candidate publishes ({@code docs/protocol.md} section 5.3): its fingerprint, the
 * state identity public key it is computed from, and a quote over {@code T_genesis}. The owner's
 * tool ({@code upgrade register-state --genesis-evidence}) verifies it before registering.
 *
 * <pre>{"version":1,"chainId":u63,"contract":hex(20),"fingerprint":hex(32),
 *  "statePublicKey":hex(65),"quote":hex,"eventLog":string}</pre>
 */
public final class GenesisEvidence {
  static final Set<String> FIELDS =
      Set.of(
          "version", "chainId", "contract", "fingerprint", "statePublicKey", "quote", "eventLog");

  private final long chainId;
  private final EthereumAddress contract;
  private final StateFingerprint fingerprint;
  private final byte[] statePublicKey;
  private final Evidence evidence;

  GenesisEvidence(
      long chainId,
      EthereumAddress contract,
      StateFingerprint fingerprint,
      byte[] statePublicKey,
      Evidence evidence) {
    this.chainId = chainId;
    this.contract = Objects.requireNonNull(contract);
    this.fingerprint = Objects.requireNonNull(fingerprint);
    this.statePublicKey = statePublicKey.clone();
    this.evidence = Objects.requireNonNull(evidence);
  }

  /** Chain id the candidate is bound to. */
  public long chainId() {
    return chainId;
  }

  /** Contract the candidate is bound to. */
  public EthereumAddress contract() {
    return contract;
  }

  /** The candidate's fingerprint (to be registered). */
  public StateFingerprint fingerprint() {
    return fingerprint;
  }

  /** The candidate's state identity public key (65 bytes). */
  public byte[] statePublicKey() {
    return statePublicKey.clone();
  }

  /** The quote over {@code T_genesis} and the event log. */
  public Evidence evidence() {
    return evidence;
  }

  /** The REPORTDATA the quote must carry for this evidence to bind the fingerprint. */
  public ReportData expectedReportData() {
    return Transcripts.reportData(Transcripts.genesis(chainId, contract, fingerprint));
  }

  /** The JSON encoding (UTF-8). */
  public byte[] encode() {
    ObjectNode o = StrictJson.newObject();
    o.put("version", JoinRequest.VERSION);
    o.put("chainId", chainId);
    o.put("contract", contract.toHex());
    o.put("fingerprint", fingerprint.toHex());
    o.put("statePublicKey", Hex.encode(statePublicKey));
    o.put("quote", evidence.quoteHex());
    o.put("eventLog", evidence.eventLog());
    return StrictJson.write(o);
  }

  /**
   * Parses the JSON encoding and checks that the fingerprint is the one of {@code statePublicKey}.
   *
   * @throws ReplicatoorException {@code MESSAGE_MALFORMED}, {@code PROTOCOL_VERSION_UNSUPPORTED} or
   *     {@code STATE_FINGERPRINT_MISMATCH}
   */
  public static GenesisEvidence parse(byte[] json) throws ReplicatoorException {
    StrictJson j = StrictJson.parse(json, "genesis evidence", FIELDS);
    JoinRequest.checkVersion(j.u63("version"));
    long chainId = j.u63("chainId");
    if (chainId == 0) {
      throw new ReplicatoorException(ErrorCode.MESSAGE_MALFORMED, "genesis evidence: chainId 0");
    }
    EthereumAddress contract = EthereumAddress.of(j.hex("contract", EthereumAddress.SIZE));
    StateFingerprint fp = StateFingerprint.of(j.hex("fingerprint", StateFingerprint.SIZE));
    byte[] pub = j.hex("statePublicKey", 65);
    Evidence ev = JoinRequest.evidence(j);
    if (pub[0] != 0x04) {
      throw new ReplicatoorException(
          ErrorCode.MESSAGE_MALFORMED, "genesis evidence: statePublicKey must be uncompressed");
    }
    if (!ReplicatedState.fingerprintOf(pub).equals(fp)) {
      throw new ReplicatoorException(
          ErrorCode.STATE_FINGERPRINT_MISMATCH,
          "genesis evidence: fingerprint is not the fingerprint of statePublicKey");
    }
    return new GenesisEvidence(chainId, contract, fp, pub, ev);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GenesisEvidence g
        && g.chainId == chainId
        && g.contract.equals(contract)
        && g.fingerprint.equals(fingerprint)
        && Arrays.equals(g.statePublicKey, statePublicKey)
        && g.evidence.equals(evidence);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return "GenesisEvidence[fingerprint=" + fingerprint.toHex() + "]";
  }
}
