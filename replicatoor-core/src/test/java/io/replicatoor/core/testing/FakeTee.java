package io.replicatoor.core.testing;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.ByteArrays;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.port.OwnEvidence;
import io.replicatoor.core.port.PeerClaims;
import io.replicatoor.core.port.PeerVerification;
import io.replicatoor.core.port.PeerVerifier;
import io.replicatoor.core.port.ReportData;
import io.replicatoor.core.port.SelfAttestation;
import io.replicatoor.core.port.Sha256Hash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An in-process stand-in for "Intel + the guest agent + the verifier" (core has no I/O, so its
 * protocol tests run against this fake; the real attest adapters are tested in attest). A fake
 * quote is {@code "FQ01" ‖ measurementId (32) ‖ reportData (64) ‖ debug (1) ‖ tcbLen (1) ‖ tcb ‖
 * instanceId (20) ‖ HMAC-SHA256(platform key, everything before)}: only code holding the platform
 * key (the fake "TEE") can make one, so the host in these tests cannot forge quotes, exactly the
 * property the real DCAP chain gives.
 */
public final class FakeTee {
  private static final byte[] MAGIC = "FQ01".getBytes(StandardCharsets.US_ASCII);
  private static final int MAC_BYTES = 32;

  /** The event log every fake agent returns. */
  public static final String EVENT_LOG = "[]";

  private final byte[] platformKey;

  /** A platform with its own signing key (the fake "Intel root"). */
  public FakeTee(String seed) {
    this.platformKey = sha256(("platform:" + seed).getBytes(StandardCharsets.UTF_8));
  }

  /** A deterministic measurement id for a name. */
  public static MeasurementId measurement(String name) {
    return MeasurementId.of(sha256(("measurement:" + name).getBytes(StandardCharsets.UTF_8)));
  }

  /** An agent for a TD with {@code measurement}, UpToDate, not debug. */
  public Agent agent(MeasurementId measurement, String instance) {
    return new Agent(measurement, instance, false, "UpToDate", UnaryOperator.identity());
  }

  /** The fake agent of one TD. */
  public final class Agent implements SelfAttestation {
    private final MeasurementId measurement;
    private final byte[] instanceId;
    private final boolean debug;
    private final String tcb;
    private final UnaryOperator<byte[]> reportDataMangler;
    private int calls;

    private Agent(
        MeasurementId measurement,
        String instance,
        boolean debug,
        String tcb,
        UnaryOperator<byte[]> mangler) {
      this.measurement = measurement;
      this.instanceId = Arrays.copyOf(sha256(instance.getBytes(StandardCharsets.UTF_8)), 20);
      this.debug = debug;
      this.tcb = tcb;
      this.reportDataMangler = mangler;
    }

    /** This TD as a debug TD. */
    public Agent debug() {
      return new Agent(measurement, "debug", true, tcb, reportDataMangler);
    }

    /** This TD on a platform with TCB status {@code status}. */
    public Agent tcb(String status) {
      return new Agent(measurement, "tcb", debug, status, reportDataMangler);
    }

    /** This TD, but the agent changes REPORTDATA before quoting (a broken or hostile agent). */
    public Agent mangling(UnaryOperator<byte[]> m) {
      return new Agent(measurement, "mangler", debug, tcb, m);
    }

    /** How many quotes were made. */
    public int calls() {
      return calls;
    }

    @Override
    public OwnEvidence quote(ReportData reportData) {
      calls++;
      byte[] q =
          make(
              measurement,
              reportDataMangler.apply(reportData.toByteArray()),
              debug,
              tcb,
              instanceId);
      return new OwnEvidence(Evidence.of(q, EVENT_LOG), Sha256Hash.digest(q));
    }
  }

  /** Makes a quote directly (tests that need a quote over arbitrary data from a genuine TD). */
  public byte[] make(
      MeasurementId m, byte[] reportData, boolean debug, String tcb, byte[] instanceId) {
    byte[] t = tcb.getBytes(StandardCharsets.US_ASCII);
    byte[] body =
        ByteArrays.concat(
            MAGIC,
            m.toByteArray(),
            reportData,
            new byte[] {(byte) (debug ? 1 : 0)},
            new byte[] {(byte) t.length},
            t,
            instanceId);
    return ByteArrays.concat(body, hmac(body));
  }

  /** A verifier trusting this platform. */
  public Verifier verifier() {
    return new Verifier(false);
  }

  /** A verifier that (wrongly) does not compare REPORTDATA: core must still catch it. */
  public Verifier laxVerifier() {
    return new Verifier(true);
  }

  /** The fake verifier. */
  public final class Verifier implements PeerVerifier {
    private final boolean lax;
    private int calls;
    private Instant lastAt;

    private Verifier(boolean lax) {
      this.lax = lax;
    }

    /** Number of verifications. */
    public int calls() {
      return calls;
    }

    /** The time of the last verification. */
    public Instant lastAt() {
      return lastAt;
    }

    @Override
    public PeerVerification verify(Evidence evidence, ReportData expected, Instant at)
        throws ReplicatoorException {
      calls++;
      lastAt = at;
      byte[] q = evidence.quote();
      int fixed = MAGIC.length + 32 + 64 + 1 + 1;
      if (q.length < fixed + 20 + MAC_BYTES || !Arrays.equals(Arrays.copyOf(q, 4), MAGIC)) {
        return new PeerVerification.Rejected(ErrorCode.QUOTE_MALFORMED, "not a fake quote");
      }
      int tcbLen = Byte.toUnsignedInt(q[fixed - 1]);
      if (q.length != fixed + tcbLen + 20 + MAC_BYTES) {
        return new PeerVerification.Rejected(ErrorCode.QUOTE_MALFORMED, "bad length");
      }
      byte[] body = Arrays.copyOf(q, q.length - MAC_BYTES);
      if (!MessageDigest.isEqual(hmac(body), Arrays.copyOfRange(q, body.length, q.length))) {
        return new PeerVerification.Rejected(ErrorCode.QUOTE_SIGNATURE_INVALID, "bad signature");
      }
      if (!FakeTee.EVENT_LOG.equals(evidence.eventLog())) {
        return new PeerVerification.Rejected(ErrorCode.RTMR_MISMATCH, "event log does not replay");
      }
      MeasurementId m = MeasurementId.of(Arrays.copyOfRange(q, 4, 36));
      byte[] rd = Arrays.copyOfRange(q, 36, 100);
      boolean debug = q[100] != 0;
      String tcb = new String(q, fixed, tcbLen, StandardCharsets.US_ASCII);
      byte[] instance = Arrays.copyOfRange(q, fixed + tcbLen, fixed + tcbLen + 20);
      if (debug) {
        return new PeerVerification.Rejected(ErrorCode.DEBUG_TD, "TD attribute DEBUG is set");
      }
      if (!"UpToDate".equals(tcb)) {
        return new PeerVerification.Rejected(ErrorCode.TCB_STATUS_REJECTED, "TCB status " + tcb);
      }
      if (!lax && !expected.contentEquals(rd)) {
        return new PeerVerification.Rejected(ErrorCode.BINDING_MISMATCH, "REPORTDATA differs");
      }
      return new PeerVerification.Verified(
          new PeerClaims(
              m,
              tcb,
              Optional.empty(),
              "00112233445566778899aabbccddeeff00112233",
              Hex.encode(instance),
              ReportData.of(rd),
              Sha256Hash.digest(q)));
    }
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(platformKey, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
