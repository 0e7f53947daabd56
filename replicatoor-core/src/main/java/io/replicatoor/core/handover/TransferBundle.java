package io.replicatoor.core.handover;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.internal.StrictJson;
import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.state.StateFingerprint;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * A's answer to {@code POST /onboard} and B's input to {@code POST /receiveKey} ({@code
 * docs/protocol.md} section 5.2). Everything in it is public: the state travels only as HPKE
 * ciphertext to B's one-time key.
 *
 * <pre>{"version":1,"pubk":hex(32),"anchor":{"number":u63,"hash":hex(32)},"enc":hex(32),
 *  "ciphertext":hex,"stateVersion":u63,"fingerprint":hex(32),"senderBlock":u63,
 *  "quote":hex,"eventLog":string}</pre>
 */
public final class TransferBundle {
  /** HPKE DHKEM(X25519) encapsulated key size. */
  public static final int ENC_BYTES = 32;

  /** Largest ciphertext accepted (the state plaintext is 41 bytes; AES-GCM adds 16). */
  public static final int MAX_CIPHERTEXT_BYTES = 4096;

  static final Set<String> FIELDS =
      Set.of(
          "version",
          "pubk",
          "anchor",
          "enc",
          "ciphertext",
          "stateVersion",
          "fingerprint",
          "senderBlock",
          "quote",
          "eventLog");

  private final byte[] pubk;
  private final BlockAnchor anchor;
  private final byte[] enc;
  private final byte[] ciphertext;
  private final long stateVersion;
  private final StateFingerprint fingerprint;
  private final long senderBlock;
  private final Evidence evidence;

  TransferBundle(
      byte[] pubk,
      BlockAnchor anchor,
      byte[] enc,
      byte[] ciphertext,
      long stateVersion,
      StateFingerprint fingerprint,
      long senderBlock,
      Evidence evidence) {
    if (pubk.length != JoinRequest.PUBK_BYTES || enc.length != ENC_BYTES) {
      throw new IllegalArgumentException("pubk and enc must be 32 bytes");
    }
    if (ciphertext.length == 0 || ciphertext.length > MAX_CIPHERTEXT_BYTES) {
      throw new IllegalArgumentException("ciphertext size out of range");
    }
    if (stateVersion < 0 || senderBlock < 0) {
      throw new IllegalArgumentException("negative integer");
    }
    this.pubk = pubk.clone();
    this.anchor = Objects.requireNonNull(anchor);
    this.enc = enc.clone();
    this.ciphertext = ciphertext.clone();
    this.stateVersion = stateVersion;
    this.fingerprint = Objects.requireNonNull(fingerprint);
    this.senderBlock = senderBlock;
    this.evidence = Objects.requireNonNull(evidence);
  }

  /** B's ephemeral public key this bundle is for. */
  public byte[] pubk() {
    return pubk.clone();
  }

  /** B's join anchor, echoed. */
  public BlockAnchor anchor() {
    return anchor;
  }

  /** HPKE encapsulated key. */
  public byte[] enc() {
    return enc.clone();
  }

  /** HPKE ciphertext (AES-256-GCM output, tag included). */
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** State version of the encrypted state. */
  public long stateVersion() {
    return stateVersion;
  }

  /** Fingerprint of the encrypted state. */
  public StateFingerprint fingerprint() {
    return fingerprint;
  }

  /** Number of the verified block A's approval read used; B never decides on an older block. */
  public long senderBlock() {
    return senderBlock;
  }

  /** A's quote over {@code T_transfer}, and A's event log. */
  public Evidence evidence() {
    return evidence;
  }

  /** The JSON encoding (UTF-8). */
  public byte[] encode() {
    ObjectNode o = StrictJson.newObject();
    o.put("version", JoinRequest.VERSION);
    o.put("pubk", Hex.encode(pubk));
    ObjectNode a = o.putObject("anchor");
    a.put("number", anchor.number());
    a.put("hash", anchor.hash().toHex());
    o.put("enc", Hex.encode(enc));
    o.put("ciphertext", Hex.encode(ciphertext));
    o.put("stateVersion", stateVersion);
    o.put("fingerprint", fingerprint.toHex());
    o.put("senderBlock", senderBlock);
    o.put("quote", evidence.quoteHex());
    o.put("eventLog", evidence.eventLog());
    return StrictJson.write(o);
  }

  /**
   * Parses the JSON encoding.
   *
   * @throws ReplicatoorException {@code MESSAGE_MALFORMED} or {@code PROTOCOL_VERSION_UNSUPPORTED}
   */
  public static TransferBundle parse(byte[] json) throws ReplicatoorException {
    StrictJson j = StrictJson.parse(json, "transfer bundle", FIELDS);
    JoinRequest.checkVersion(j.u63("version"));
    byte[] pubk = j.hex("pubk", JoinRequest.PUBK_BYTES);
    StrictJson a = j.object("anchor", JoinRequest.ANCHOR_FIELDS);
    BlockAnchor anchor = new BlockAnchor(a.u63("number"), Bytes32.of(a.hex("hash", 32)));
    byte[] enc = j.hex("enc", ENC_BYTES);
    byte[] ct = j.hex("ciphertext");
    if (ct.length == 0 || ct.length > MAX_CIPHERTEXT_BYTES) {
      throw new ReplicatoorException(
          ErrorCode.MESSAGE_MALFORMED, "transfer bundle: ciphertext size out of range");
    }
    long version = j.u63("stateVersion");
    StateFingerprint fp = StateFingerprint.of(j.hex("fingerprint", StateFingerprint.SIZE));
    long senderBlock = j.u63("senderBlock");
    Evidence ev = JoinRequest.evidence(j);
    return new TransferBundle(pubk, anchor, enc, ct, version, fp, senderBlock, ev);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransferBundle b
        && Arrays.equals(b.pubk, pubk)
        && b.anchor.equals(anchor)
        && Arrays.equals(b.enc, enc)
        && Arrays.equals(b.ciphertext, ciphertext)
        && b.stateVersion == stateVersion
        && b.fingerprint.equals(fingerprint)
        && b.senderBlock == senderBlock
        && b.evidence.equals(evidence);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "TransferBundle[pubk="
        + Hex.encode(pubk)
        + ", version="
        + stateVersion
        + ", fingerprint="
        + fingerprint.toHex()
        + ", senderBlock="
        + senderBlock
        + "]";
  }
}
