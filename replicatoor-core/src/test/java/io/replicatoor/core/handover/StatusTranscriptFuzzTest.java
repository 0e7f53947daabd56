package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.port.ChainBlock;
import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.core.state.StateFingerprint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the status transcript {@code T_status} (protocol.md section 3) that a
 * {@code GET /status} reader rebuilds from the served fields (Jazzer; the fields are drawn from the
 * input).
 *
 * <p>Contract: for any field values, {@link StatusAttestation#transcript} is the documented
 * length-prefixed layout, decoded here independently field by field (so two different field tuples
 * never share a transcript, and no value can shift a field boundary), and {@link
 * Transcripts#reportData} is its SHA-512.
 */
class StatusTranscriptFuzzTest {

  @FuzzTest(maxDuration = "5s")
  void status_anyFields_transcriptDecodesToTheSameFields(FuzzedDataProvider in) {
    long chainId = in.consumeLong(1, Long.MAX_VALUE);
    EthereumAddress contract =
        EthereumAddress.of(pad(in.consumeBytes(EthereumAddress.SIZE), EthereumAddress.SIZE));
    int protocolVersion = in.consumeInt();
    byte[] fp = pad(in.consumeBytes(StateFingerprint.SIZE), StateFingerprint.SIZE);
    long stateVersion = in.consumeLong();
    byte[] pub = in.consumeBytes(in.consumeInt(0, 200));
    long number = in.consumeLong(0, Long.MAX_VALUE);
    byte[] hash = pad(in.consumeBytes(Bytes32.SIZE), Bytes32.SIZE);
    long seconds = in.consumeLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
    HandoverConfig c = HandoverConfig.of(chainId, contract);
    ChainBlock block = new ChainBlock(number, Bytes32.of(hash), Instant.ofEpochSecond(seconds));
    StatusAttestation a =
        new StatusAttestation(
            protocolVersion,
            StateFingerprint.of(fp),
            stateVersion,
            pub,
            block,
            Evidence.of(new byte[] {1}, ""));
    byte[] t = a.transcript(c);

    ByteBuffer r = ByteBuffer.wrap(t);
    assertThat(new String(field(r), StandardCharsets.UTF_8)).isEqualTo(Transcripts.STATUS_LABEL);
    assertThat(u64(r)).isEqualTo(protocolVersion);
    assertThat(u64(r)).isEqualTo(chainId);
    assertThat(field(r)).isEqualTo(contract.toByteArray());
    assertThat(field(r)).isEqualTo(fp);
    assertThat(u64(r)).isEqualTo(stateVersion);
    assertThat(field(r)).isEqualTo(pub);
    assertThat(u64(r)).isEqualTo(number);
    assertThat(field(r)).isEqualTo(hash);
    assertThat(u64(r)).isEqualTo(seconds);
    assertThat(r.hasRemaining()).as("nothing after the last field").isFalse();
    assertThat(Transcripts.reportData(t).toByteArray()).isEqualTo(sha512(t));
  }

  /** {@code b} zero-padded to {@code n} bytes (the input may run out). */
  private static byte[] pad(byte[] b, int n) {
    return Arrays.copyOf(b, n);
  }

  private static byte[] field(ByteBuffer r) {
    int n = r.getInt();
    assertThat(n).isBetween(0, r.remaining());
    byte[] b = new byte[n];
    r.get(b);
    return b;
  }

  private static long u64(ByteBuffer r) {
    assertThat(r.getInt()).isEqualTo(8);
    return r.getLong();
  }

  private static byte[] sha512(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-512").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
