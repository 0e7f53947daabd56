package io.replicatoor.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.chain.internal.BlockHeader;
import io.replicatoor.chain.internal.MerklePatriciaProof;
import io.replicatoor.chain.internal.Rlp;
import io.replicatoor.chain.internal.RlpException;
import io.replicatoor.chain.internal.RlpItem;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an {@code eth_getProof} answer against a verified block (upgrade-governance.md 5.2 steps
 * 5–8). Pure: the JSON is untrusted input; its scalar fields ({@code balance}, {@code codeHash},
 * {@code storageHash}, {@code value}) are ignored and every decision uses proven node contents.
 */
final class ProofVerifier {
  /** Items in an account: nonce, balance, storageRoot, codeHash (yellow paper 4.1). */
  static final int ACCOUNT_ITEMS = 4;

  static final int ACCOUNT_STORAGE_ROOT = 2;
  static final int ACCOUNT_CODE_HASH = 3;

  private ProofVerifier() {}

  /**
   * Verifies the account proof for {@code contract}, pins its code hash, and verifies one storage
   * proof per requested slot, in request order.
   *
   * @throws ReplicatoorException PROOF_INVALID for a defective proof, CONTRACT_NOT_DEPLOYED when a
   *     valid proof (or an empty state) shows no account at {@code contract}, CODE_HASH_MISMATCH
   *     when the proven code hash differs from {@code pinnedCodeHash}
   */
  static Map<Bytes32, ProvenSlot> verify(
      VerifiedBlock block,
      Address contract,
      Bytes32 pinnedCodeHash,
      List<Bytes32> slots,
      JsonNode result)
      throws ReplicatoorException {
    // Step 6: account proof against the header's stateRoot, path keccak256(address).
    List<byte[]> accountProof = nodes(result.get("accountProof"), "accountProof");
    if (block.stateRoot().contentEquals(MerklePatriciaProof.EMPTY_TRIE_ROOT)) {
      // An empty state holds no account, whatever nodes the endpoint sent. anvil reports its
      // genesis block (whose header claims the empty state) as "safe" and "finalized" until the
      // chain is 32 and 64 blocks long, and answers proofs there from a populated state.
      throw noContract(
          contract,
          block,
          ": the block's state is empty (a chain's genesis"
              + " block; anvil calls it safe/finalized until the chain is 32/64 blocks long)");
    }
    Optional<byte[]> account =
        MerklePatriciaProof.verify(
            block.stateRoot().toByteArray(),
            contract.toByteArray(),
            accountProof,
            "account proof for " + contract);
    if (account.isEmpty()) {
      throw noContract(
          contract,
          block,
          " (a valid proof shows no account there): a wrong"
              + " contract address or chain, or a block older than the deployment (safe and finalized"
              + " lag behind latest)");
    }
    // Step 7: decode [nonce, balance, storageRoot, codeHash] and pin the code hash.
    List<RlpItem> fields = decodeList(account.get(), "account " + contract);
    if (fields.size() != ACCOUNT_ITEMS) {
      throw invalid("account " + contract + " has " + fields.size() + " fields, expected 4");
    }
    byte[] storageRoot = word(fields.get(ACCOUNT_STORAGE_ROOT), "account storageRoot");
    byte[] codeHash = word(fields.get(ACCOUNT_CODE_HASH), "account codeHash");
    Bytes32 found = Bytes32.of(codeHash);
    if (!found.equals(pinnedCodeHash)) {
      String pinned = pinnedCodeHash.toPrefixedHex();
      throw new ReplicatoorException(
          ErrorCode.CODE_HASH_MISMATCH,
          "code hash of " + contract + " is " + found.toPrefixedHex() + ", pinned " + pinned);
    }
    // Step 8: one storage proof per slot against storageRoot, path keccak256(slot).
    JsonNode storage = result.get("storageProof");
    if (storage == null || !storage.isArray() || storage.size() != slots.size()) {
      throw invalid("storageProof must list exactly " + slots.size() + " entries");
    }
    Map<Bytes32, ProvenSlot> out = new LinkedHashMap<>();
    for (int i = 0; i < slots.size(); i++) {
      Bytes32 slot = slots.get(i);
      JsonNode entry = storage.get(i);
      BigInteger key =
          BlockHeader.quantityOrData(entry.path("key").asText(null), "storageProof key");
      if (!key.equals(slot.toUnsigned())) {
        throw invalid(
            "storageProof["
                + i
                + "] is for key 0x"
                + key.toString(16)
                + ", requested "
                + slot.toPrefixedHex());
      }
      String what = "storage proof for slot " + slot.toPrefixedHex();
      Optional<byte[]> value =
          MerklePatriciaProof.verify(
              storageRoot, slot.toByteArray(), nodes(entry.get("proof"), what), what);
      Bytes32 word = value.isEmpty() ? Bytes32.ZERO : storageWord(value.get(), what);
      out.put(slot, new ProvenSlot(contract, slot, word, block));
    }
    return out;
  }

  /** A stored word is RLP(minimal big-endian bytes), never empty, at most 32 bytes. */
  private static Bytes32 storageWord(byte[] leafValue, String what) throws ReplicatoorException {
    RlpItem item;
    try {
      item = Rlp.decode(leafValue);
    } catch (RlpException e) {
      throw invalid(what + ": value: " + e.getMessage());
    }
    if (item.isList()) {
      throw invalid(what + ": value is a list");
    }
    byte[] b = item.bytes();
    if (b.length == 0) {
      // anvil keeps zeroed slots as leaves holding RLP(""); the proven value is still zero.
      return Bytes32.ZERO;
    }
    if (b.length > Bytes32.SIZE || b[0] == 0) {
      throw invalid(what + ": value is not a minimal non-zero word (" + b.length + " bytes)");
    }
    byte[] padded = new byte[Bytes32.SIZE];
    System.arraycopy(b, 0, padded, Bytes32.SIZE - b.length, b.length);
    return Bytes32.of(padded);
  }

  private static List<RlpItem> decodeList(byte[] rlp, String what) throws ReplicatoorException {
    try {
      RlpItem item = Rlp.decode(rlp);
      if (!item.isList()) {
        throw invalid(what + " is not an RLP list");
      }
      return item.items();
    } catch (RlpException e) {
      throw invalid(what + ": " + e.getMessage());
    }
  }

  private static byte[] word(RlpItem item, String what) throws ReplicatoorException {
    if (item.isList() || item.length() != Bytes32.SIZE) {
      throw invalid(what + " is not 32 bytes");
    }
    return item.bytes();
  }

  private static List<byte[]> nodes(JsonNode array, String what) throws ReplicatoorException {
    if (array == null || !array.isArray()) {
      throw invalid(what + " is missing");
    }
    if (array.size() > MerklePatriciaProof.MAX_NODES) {
      throw invalid(what + " has " + array.size() + " nodes");
    }
    List<byte[]> out = new ArrayList<>();
    for (JsonNode n : array) {
      String s = n.asText("");
      if (!n.isTextual()
          || !s.startsWith("0x")
          || (s.length() & 1) != 0
          || s.length() > 2 + 2 * MerklePatriciaProof.MAX_NODE_BYTES) {
        throw invalid(what + " node " + out.size() + " is not bounded 0x-hex");
      }
      try {
        out.add(HexFormat.of().parseHex(s, 2, s.length()));
      } catch (IllegalArgumentException e) {
        throw invalid(what + " node " + out.size() + " is not hex");
      }
    }
    return out;
  }

  /** {@code CONTRACT_NOT_DEPLOYED}: no contract at {@code contract} in {@code block}, and why. */
  private static ReplicatoorException noContract(
      Address contract, VerifiedBlock block, String why) {
    return new ReplicatoorException(
        ErrorCode.CONTRACT_NOT_DEPLOYED,
        "no contract at " + contract + " in block " + block.number() + why);
  }

  private static ReplicatoorException invalid(String m) {
    return new ReplicatoorException(ErrorCode.PROOF_INVALID, m);
  }
}
