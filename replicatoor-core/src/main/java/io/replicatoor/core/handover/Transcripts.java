package io.replicatoor.core.handover;

import io.replicatoor.core.internal.Digests;
import io.replicatoor.core.internal.Lp;
import io.replicatoor.core.port.ChainBlock;
import io.replicatoor.core.port.ReportData;
import io.replicatoor.core.port.Sha256Hash;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.core.state.StateFingerprint;

/**
 * The labelled, length-prefixed transcripts whose SHA-512 is a quote's REPORTDATA, and the HPKE
 * {@code info}/{@code aad} bindings ({@code docs/protocol.md} section 3). Every field is {@code
 * lp(x)}: a 4-byte big-endian length, then the bytes; integers are {@code u64} big-endian.
 */
public final class Transcripts {
  /** Label of the join transcript. */
  public static final String JOIN_LABEL = "replicatoor/v1/join";

  /** Label of the transfer transcript and of the HPKE {@code info}. */
  public static final String TRANSFER_LABEL = "replicatoor/v1/transfer";

  /** Label of the genesis transcript. */
  public static final String GENESIS_LABEL = "replicatoor/v1/genesis";

  /** Label of the self-check transcript (an instance learning its own measurement). */
  public static final String SELF_LABEL = "replicatoor/v1/self";

  /** Label of the status transcript (the quote {@code GET /status} serves). */
  public static final String STATUS_LABEL = "replicatoor/v1/status";

  private Transcripts() {}

  /**
   * {@code T_join = lp(label) ‖ lp(u64 chainId) ‖ lp(contract) ‖ lp(u64 anchorNumber) ‖
   * lp(anchorHash) ‖ lp(epk_B)}.
   */
  public static byte[] join(HandoverConfig c, BlockAnchor anchor, byte[] epkB) {
    return Lp.builder()
        .text(JOIN_LABEL)
        .u64(c.chainId())
        .bytes(c.contract().toByteArray())
        .u64(anchor.number())
        .bytes(anchor.hash().toByteArray())
        .bytes(epkB)
        .build();
  }

  /**
   * {@code T_transfer = lp(label) ‖ lp(u64 chainId) ‖ lp(contract) ‖ lp(SHA-256(quote_B)) ‖ lp(u64
   * anchorNumber) ‖ lp(anchorHash) ‖ lp(epk_B) ‖ lp(enc_A) ‖ lp(SHA-256(ciphertext)) ‖ lp(u64
   * stateVersion) ‖ lp(fingerprint) ‖ lp(u64 senderBlock)}.
   */
  public static byte[] transfer(
      HandoverConfig c,
      Sha256Hash quoteHashB,
      BlockAnchor anchor,
      byte[] epkB,
      byte[] encA,
      Sha256Hash ciphertextHash,
      long stateVersion,
      StateFingerprint fingerprint,
      long senderBlock) {
    return Lp.builder()
        .text(TRANSFER_LABEL)
        .u64(c.chainId())
        .bytes(c.contract().toByteArray())
        .bytes(quoteHashB.toByteArray())
        .u64(anchor.number())
        .bytes(anchor.hash().toByteArray())
        .bytes(epkB)
        .bytes(encA)
        .bytes(ciphertextHash.toByteArray())
        .u64(stateVersion)
        .bytes(fingerprint.toByteArray())
        .u64(senderBlock)
        .build();
  }

  /** {@code T_genesis = lp(label) ‖ lp(u64 chainId) ‖ lp(contract) ‖ lp(fingerprint)}. */
  public static byte[] genesis(HandoverConfig c, StateFingerprint fingerprint) {
    return genesis(c.chainId(), c.contract(), fingerprint);
  }

  /** {@link #genesis(HandoverConfig, StateFingerprint)} for an explicit chain id and contract. */
  public static byte[] genesis(
      long chainId, EthereumAddress contract, StateFingerprint fingerprint) {
    return Lp.builder()
        .text(GENESIS_LABEL)
        .u64(chainId)
        .bytes(contract.toByteArray())
        .bytes(fingerprint.toByteArray())
        .build();
  }

  /** {@code T_self = lp(label) ‖ lp(u64 chainId) ‖ lp(contract) ‖ lp(nonce)}. */
  public static byte[] self(HandoverConfig c, byte[] nonce) {
    return Lp.builder()
        .text(SELF_LABEL)
        .u64(c.chainId())
        .bytes(c.contract().toByteArray())
        .bytes(nonce)
        .build();
  }

  /**
   * {@code T_status = lp(label) ‖ lp(u64 protocolVersion) ‖ lp(u64 chainId) ‖ lp(contract) ‖
   * lp(fingerprint) ‖ lp(u64 stateVersion) ‖ lp(statePublicKey) ‖ lp(u64 blockNumber) ‖
   * lp(blockHash) ‖ lp(u64 blockTimestamp)}.
   */
  public static byte[] status(
      HandoverConfig c,
      int protocolVersion,
      StateFingerprint fingerprint,
      long stateVersion,
      byte[] statePublicKey,
      ChainBlock block) {
    return Lp.builder()
        .text(STATUS_LABEL)
        .u64(protocolVersion)
        .u64(c.chainId())
        .bytes(c.contract().toByteArray())
        .bytes(fingerprint.toByteArray())
        .u64(stateVersion)
        .bytes(statePublicKey)
        .u64(block.number())
        .bytes(block.hash().toByteArray())
        .u64(block.timestamp().getEpochSecond())
        .build();
  }

  /**
   * HPKE {@code info = lp(label) ‖ lp(SHA-256(quote_B)) ‖ lp(u64 anchorNumber) ‖ lp(anchorHash)};
   * the anchor takes the place of the threat model's {@code nonce_A}.
   */
  public static byte[] hpkeInfo(Sha256Hash quoteHashB, BlockAnchor anchor) {
    return Lp.builder()
        .text(TRANSFER_LABEL)
        .bytes(quoteHashB.toByteArray())
        .u64(anchor.number())
        .bytes(anchor.hash().toByteArray())
        .build();
  }

  /** HPKE {@code aad = lp(u64 stateVersion) ‖ lp(fingerprint)}. */
  public static byte[] hpkeAad(long stateVersion, StateFingerprint fingerprint) {
    return Lp.builder().u64(stateVersion).bytes(fingerprint.toByteArray()).build();
  }

  /** REPORTDATA of a transcript: its SHA-512 (exactly 64 bytes). */
  public static ReportData reportData(byte[] transcript) {
    return ReportData.of(Digests.sha512(transcript));
  }
}
