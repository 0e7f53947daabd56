package io.replicatoor.chain.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.crypto.Keccak256;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hand-built secure tries (yellow paper appendix D) and their proofs. */
class MerklePatriciaProofTest {

  static byte[] key(int i) {
    return new byte[] {(byte) i};
  }

  static int firstNibble(byte[] k) {
    return (Keccak256.digest(k)[0] & 0xF0) >>> 4;
  }

  /** Leaf for the nibbles of keccak(key) starting at {@code from}. */
  static byte[] leaf(byte[] key, int from, byte[] value) {
    byte[] nib = MerklePatriciaProof.nibbles(Keccak256.digest(key));
    int n = nib.length - from;
    byte[] hp = new byte[n / 2 + 1];
    int pos;
    if (n % 2 == 1) {
      hp[0] = (byte) (0x30 | nib[from]);
      pos = from + 1;
    } else {
      hp[0] = 0x20;
      pos = from;
    }
    for (int j = 1; j < hp.length; j++, pos += 2) {
      hp[j] = (byte) ((nib[pos] << 4) | nib[pos + 1]);
    }
    return Rlp.encodeList(List.of(Rlp.encodeBytes(hp), Rlp.encodeBytes(Rlp.encodeBytes(value))));
  }

  static ReplicatoorException invalid(ThrowingCall c) {
    try {
      c.run();
    } catch (ReplicatoorException e) {
      assertThat(e.errorCode()).isEqualTo(ErrorCode.PROOF_INVALID);
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected PROOF_INVALID");
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void verify_singleLeafTrie_inclusionAndExclusion() throws Exception {
    byte[] value = {0x2a};
    byte[] l = leaf(key(1), 0, value);
    byte[] root = Keccak256.digest(l);
    Optional<byte[]> v = MerklePatriciaProof.verify(root, key(1), List.of(l), "t");
    assertThat(v).isPresent();
    assertThat(Rlp.decode(v.get()).bytes()).isEqualTo(value);
    assertThat(MerklePatriciaProof.verify(root, key(2), List.of(l), "t"))
        .as("diverging leaf")
        .isEmpty();
  }

  @Test
  void verify_anyFlippedByte_proofInvalid() {
    byte[] l = leaf(key(1), 0, new byte[] {0x2a});
    byte[] root = Keccak256.digest(l);
    for (int i = 0; i < l.length; i++) {
      byte[] t = l.clone();
      t[i] ^= 0x01;
      assertThat(
              invalid(() -> MerklePatriciaProof.verify(root, key(1), List.of(t), "t")).getMessage())
          .contains("does not hash");
    }
    byte[] badRoot = root.clone();
    badRoot[31] ^= 1;
    invalid(() -> MerklePatriciaProof.verify(badRoot, key(1), List.of(l), "t"));
  }

  @Test
  void verify_trailingOrMissingNodes_proofInvalid() {
    byte[] l = leaf(key(1), 0, new byte[] {0x2a});
    byte[] root = Keccak256.digest(l);
    assertThat(
            invalid(() -> MerklePatriciaProof.verify(root, key(1), List.of(l, l), "t"))
                .getMessage())
        .contains("unused trailing");
    assertThat(invalid(() -> MerklePatriciaProof.verify(root, key(1), List.of(), "t")).getMessage())
        .contains("proof ends");
  }

  @Test
  void verify_branchWithTwoLeaves_inclusionAndEmptyChildExclusion() throws Exception {
    // find two keys with different first nibbles and a third whose nibble is unused
    byte[] a = key(1);
    byte[] b = null;
    byte[] absent = null;
    for (int i = 2; i < 256 && (b == null || absent == null); i++) {
      int n = firstNibble(key(i));
      if (b == null && n != firstNibble(a)) {
        b = key(i);
      } else if (b != null && absent == null && n != firstNibble(a) && n != firstNibble(b)) {
        absent = key(i);
      }
    }
    byte[] la = leaf(a, 1, new byte[] {0x11});
    byte[] lb = leaf(b, 1, new byte[] {0x22});
    List<byte[]> items = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      items.add(Rlp.encodeBytes(new byte[0]));
    }
    items.set(firstNibble(a), Rlp.encodeBytes(Keccak256.digest(la)));
    items.set(firstNibble(b), Rlp.encodeBytes(Keccak256.digest(lb)));
    byte[] branch = Rlp.encodeList(items);
    byte[] root = Keccak256.digest(branch);
    assertThat(
            Rlp.decode(MerklePatriciaProof.verify(root, a, List.of(branch, la), "t").get()).bytes())
        .isEqualTo(new byte[] {0x11});
    assertThat(
            Rlp.decode(MerklePatriciaProof.verify(root, b, List.of(branch, lb), "t").get()).bytes())
        .isEqualTo(new byte[] {0x22});
    byte[] absentKey = absent;
    assertThat(MerklePatriciaProof.verify(root, absentKey, List.of(branch), "t")).isEmpty();
    // b's leaf offered for a's path: hash mismatch, not absence
    invalid(() -> MerklePatriciaProof.verify(root, a, List.of(branch, lb), "t"));
    // exclusion with an extra node is invalid
    invalid(() -> MerklePatriciaProof.verify(root, absentKey, List.of(branch, la), "t"));
  }

  @Test
  void verify_nodeWithThreeItems_proofInvalid() {
    byte[] node =
        Rlp.encodeList(
            List.of(
                Rlp.encodeBytes(new byte[] {1}),
                Rlp.encodeBytes(new byte[] {2}),
                Rlp.encodeBytes(new byte[] {3})));
    assertThat(
            invalid(() ->
                    MerklePatriciaProof.verify(Keccak256.digest(node), key(1), List.of(node), "t"))
                .getMessage())
        .contains("3 items");
  }

  @Test
  void verify_emptyTrie_isAbsent() throws Exception {
    assertThat(
            MerklePatriciaProof.verify(MerklePatriciaProof.EMPTY_TRIE_ROOT, key(1), List.of(), "t"))
        .isEmpty();
    assertThat(
            MerklePatriciaProof.verify(
                MerklePatriciaProof.EMPTY_TRIE_ROOT,
                key(1),
                List.of(new byte[] {(byte) 0x80}),
                "t"))
        .isEmpty();
    assertThat(Keccak256.digest(new byte[] {(byte) 0x80}))
        .isEqualTo(MerklePatriciaProof.EMPTY_TRIE_ROOT);
  }

  @Test
  void keccak_isEthereumKeccakNotSha3() {
    assertThat(HexFormat.of().formatHex(Keccak256.digest(new byte[0])))
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }
}
