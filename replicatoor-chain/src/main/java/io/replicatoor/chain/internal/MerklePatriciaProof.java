package io.replicatoor.chain.internal;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.crypto.Keccak256;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a Merkle-Patricia inclusion or exclusion proof as returned by {@code eth_getProof}
 * (upgrade-governance.md 5.7). Pure function: no I/O.
 *
 * <p>Security guarantees: a returned value (or absence) is implied by {@code root} under Keccak-256
 * collision resistance. Every node fetched by hash is hash-checked; a missing node, an unused
 * trailing node, a malformed node or non-canonical RLP is {@link ErrorCode#PROOF_INVALID}, never
 * "absent".
 */
public final class MerklePatriciaProof {
  /** Number of nibbles in a secure-trie path (keccak256 of the key). */
  public static final int PATH_NIBBLES = 64;

  /** Items in a branch node: 16 children and a value. */
  static final int BRANCH_ITEMS = 17;

  /** Index of the value in a branch node. */
  static final int BRANCH_VALUE = 16;

  /** Items in a leaf or extension node. */
  static final int SHORT_NODE_ITEMS = 2;

  /** Hex-prefix flag nibbles (yellow paper appendix C). */
  static final int HP_EXTENSION_EVEN = 0;

  static final int HP_EXTENSION_ODD = 1;
  static final int HP_LEAF_EVEN = 2;
  static final int HP_LEAF_ODD = 3;

  /**
   * Upper bounds on proof size: a path has at most 64 hashed levels; a branch node is ~532 bytes.
   */
  public static final int MAX_NODES = 65;

  public static final int MAX_NODE_BYTES = 1024;

  /** Root of the empty trie: keccak256(RLP("")) (upgrade-governance.md 5.5). */
  public static final byte[] EMPTY_TRIE_ROOT =
      HexFormat.of().parseHex("56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

  private MerklePatriciaProof() {}

  /**
   * Walks {@code proof} from {@code root} along {@code nibbles(keccak256(key))}.
   *
   * @param what a label for messages ("account proof", "storage proof for slot 0x…")
   * @return the leaf value (the RLP-encoded stored value), or empty for a valid exclusion proof
   * @throws ReplicatoorException {@link ErrorCode#PROOF_INVALID} for any defect in the proof
   */
  public static Optional<byte[]> verify(byte[] root, byte[] key, List<byte[]> proof, String what)
      throws ReplicatoorException {
    if (root.length != Keccak256.DIGEST_LENGTH) {
      throw invalid(what, "root is " + root.length + " bytes, expected 32");
    }
    if (proof.size() > MAX_NODES) {
      throw invalid(what, proof.size() + " nodes exceed the maximum " + MAX_NODES);
    }
    byte[] path = nibbles(Keccak256.digest(key));
    if (MessageDigest.isEqual(root, EMPTY_TRIE_ROOT) && proof.isEmpty()) {
      return Optional.empty(); // empty trie: nothing to walk
    }
    // Step 1: ref = root, i = 0 (index into path), k = 0 (index into proof).
    byte[] hashRef = root;
    RlpItem embedded = null;
    int i = 0;
    int k = 0;
    while (true) {
      // Step 2: resolve the reference: a 32-byte hash names the next proof node; an embedded
      // node (RLP shorter than 32 bytes) is used as it appeared in its parent.
      RlpItem node;
      if (embedded != null) {
        node = embedded;
        embedded = null;
      } else {
        if (k >= proof.size()) {
          throw invalid(what, "proof ends after " + k + " nodes but the walk needs node " + k);
        }
        byte[] raw = proof.get(k);
        if (raw.length > MAX_NODE_BYTES) {
          throw invalid(what, "node " + k + " is " + raw.length + " bytes");
        }
        if (!MessageDigest.isEqual(Keccak256.digest(raw), hashRef)) {
          throw invalid(what, "node " + k + " does not hash to the reference in its parent");
        }
        try {
          node = Rlp.decode(raw);
        } catch (RlpException e) {
          throw invalid(what, "node " + k + ": " + e.getMessage());
        }
        k++;
      }
      if (!node.isList()) {
        if (k == 1 && node.length() == 0) {
          // The empty trie's only "node" is RLP("") and hashes to EMPTY_TRIE_ROOT.
          return finish(what, proof, k, null);
        }
        throw invalid(what, "node " + (k - 1) + " is not an RLP list");
      }
      List<RlpItem> items = node.items();
      RlpItem next;
      if (items.size() == BRANCH_ITEMS) {
        // Step 3: branch node.
        if (i == PATH_NIBBLES) {
          RlpItem v = items.get(BRANCH_VALUE);
          return finish(what, proof, k, v.isList() || v.length() == 0 ? null : v.bytes());
        }
        next = items.get(path[i]);
        i++;
        if (!next.isList() && next.length() == 0) {
          return finish(what, proof, k, null); // empty child: exclusion proof
        }
      } else if (items.size() == SHORT_NODE_ITEMS) {
        // Step 4: leaf or extension, hex-prefix encoded path.
        RlpItem encodedPath = items.get(0);
        if (encodedPath.isList() || encodedPath.length() == 0) {
          throw invalid(what, "leaf/extension node has an invalid hex-prefix path");
        }
        byte[] hp = encodedPath.bytes();
        int flag = (hp[0] & 0xF0) >>> 4;
        boolean odd = flag == HP_EXTENSION_ODD || flag == HP_LEAF_ODD;
        boolean leaf = flag == HP_LEAF_EVEN || flag == HP_LEAF_ODD;
        if (flag > HP_LEAF_ODD || (!odd && (hp[0] & 0x0F) != 0)) {
          throw invalid(what, "hex-prefix flag byte 0x" + Integer.toHexString(hp[0] & 0xFF));
        }
        byte[] nodePath = hexPrefixNibbles(hp, odd);
        boolean prefixMatches =
            i + nodePath.length <= PATH_NIBBLES
                && Arrays.equals(path, i, i + nodePath.length, nodePath, 0, nodePath.length);
        if (leaf) {
          if (prefixMatches && i + nodePath.length == PATH_NIBBLES) {
            RlpItem v = items.get(1);
            if (v.isList()) {
              throw invalid(what, "leaf value is a list");
            }
            return finish(what, proof, k, v.bytes());
          }
          return finish(what, proof, k, null); // a different key's leaf: exclusion proof
        }
        if (nodePath.length == 0) {
          throw invalid(what, "extension node with an empty path");
        }
        if (!prefixMatches) {
          return finish(what, proof, k, null); // diverging extension: exclusion proof
        }
        i += nodePath.length;
        next = items.get(1);
      } else {
        // Step 5: any other item count is invalid.
        throw invalid(what, "node with " + items.size() + " items");
      }
      if (next.isList()) {
        if (next.encoding().length >= Keccak256.DIGEST_LENGTH) {
          throw invalid(
              what, "embedded node of " + next.encoding().length + " bytes (must be < 32)");
        }
        embedded = next;
      } else if (next.length() == Keccak256.DIGEST_LENGTH) {
        hashRef = next.bytes();
      } else {
        throw invalid(what, "child reference of " + next.length() + " bytes");
      }
    }
  }

  // Step 6: every proof node must have been used.
  private static Optional<byte[]> finish(String what, List<byte[]> proof, int k, byte[] value)
      throws ReplicatoorException {
    if (k != proof.size()) {
      throw invalid(what, (proof.size() - k) + " unused trailing node(s)");
    }
    return Optional.ofNullable(value);
  }

  static byte[] nibbles(byte[] b) {
    byte[] out = new byte[b.length * 2];
    for (int j = 0; j < b.length; j++) {
      out[2 * j] = (byte) ((b[j] & 0xF0) >>> 4);
      out[2 * j + 1] = (byte) (b[j] & 0x0F);
    }
    return out;
  }

  private static byte[] hexPrefixNibbles(byte[] hp, boolean odd) {
    byte[] all = nibbles(hp);
    int skip = odd ? 1 : 2;
    return Arrays.copyOfRange(all, skip, all.length);
  }

  private static ReplicatoorException invalid(String what, String detail) {
    return new ReplicatoorException(ErrorCode.PROOF_INVALID, what + ": " + detail);
  }
}
