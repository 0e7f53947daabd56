package io.replicatoor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.quote.QuoteLayout;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.attest.verify.VerifiedQuote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulator quotes pass the full DCAP verification (tdx-quote-verification.md section 4) only under
 * the explicitly trusted development root; any byte flip and the Intel root make them fail.
 */
class SimulatorQuoteVerificationTest {
  @TempDir Path state;

  private GuestAgentSimulator.Setup setup;
  private byte[] reportData;
  private byte[] quote;

  @BeforeEach
  void setUp() throws Exception {
    setup = SimFixtures.setUp(state);
    reportData = new byte[64];
    for (int i = 0; i < 64; i++) {
      reportData[i] = (byte) (255 - i);
    }
    quote = setup.simulator().quote(reportData);
  }

  @Test
  void verify_devRoot_upToDateWithSimulatedPlatform() throws Exception {
    VerifiedQuote v = SimulatorVerification.verifyWithDevRoot(quote, setup);
    assertThat(v.advisoryIds()).isEmpty();
    assertThat(v.tdReport().reportData().toByteArray()).isEqualTo(reportData);
    assertThat(v.fmspc().toByteArray()).isEqualTo(DevPlatform.FMSPC);
    assertThat(v.validFrom()).isEqualTo(setup.collateral().validFrom());
    assertThat(v.validUntil()).isEqualTo(setup.collateral().validUntil());
  }

  @Test
  void verify_dcapQvlCollateralJson_sameResultAsFolder() throws Exception {
    VerifiedQuote v =
        QuoteVerifier.insecureWithCustomTrustRoot(setup.pki().rootCertificate())
            .verify(
                quote,
                Collateral.load(setup.collateral().directory().resolve("collateral.json")),
                SimFixtures.NOW);
    assertThat(v.status())
        .isEqualTo(SimulatorVerification.verifyWithDevRoot(quote, setup).status());
  }

  @Test
  void verify_intelProductionRoot_rejected() throws Exception {
    Collateral c = Collateral.load(setup.collateral().directory());
    assertThatThrownBy(() -> QuoteVerifier.intelProduction().verify(quote, c, SimFixtures.NOW))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TRUST_ANCHOR_MISMATCH));
  }

  @Test
  void verify_otherDevRoot_rejected() throws Exception {
    GuestAgentSimulator.Setup other = SimFixtures.setUp(state.resolve("other"));
    Collateral c = Collateral.load(setup.collateral().directory());
    assertThatThrownBy(() ->
            QuoteVerifier.insecureWithCustomTrustRoot(other.pki().rootCertificate())
                .verify(quote, c, SimFixtures.NOW))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TRUST_ANCHOR_MISMATCH));
  }

  @Test
  void verify_afterCollateralWindow_expired() throws Exception {
    Collateral c = Collateral.load(setup.collateral().directory());
    assertThatThrownBy(() ->
            QuoteVerifier.insecureWithCustomTrustRoot(setup.pki().rootCertificate())
                .verify(quote, c, setup.collateral().validUntil().plusSeconds(1)))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COLLATERAL_EXPIRED));
  }

  @Test
  void verify_beforeCollateralWindow_notYetValid() throws Exception {
    Collateral c = Collateral.load(setup.collateral().directory());
    assertThatThrownBy(() ->
            QuoteVerifier.insecureWithCustomTrustRoot(setup.pki().rootCertificate())
                .verify(quote, c, setup.collateral().validFrom().minusSeconds(1)))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COLLATERAL_NOT_YET_VALID));
  }

  /** Named offsets (v4) and the failure each flip must cause (section 11.3). */
  record Flip(String field, int offset, ErrorCode expected) {}

  @Test
  void verify_flipAtNamedOffsets_failsWithStepCode() throws Exception {
    int s = QuoteLayout.V4_TDX_SIGNED_SIZE + QuoteLayout.SIG_DATA_LEN_SIZE; // 636
    int qeReport = s + QuoteLayout.SIG_V4_QE_REPORT_REL; // 770
    int authData =
        qeReport
            + QuoteLayout.SGX_REPORT_SIZE
            + QuoteLayout.ECDSA_SIGNATURE_SIZE
            + QuoteLayout.QE_AUTH_SIZE_SIZE; // 1220
    List<Flip> table =
        List.of(
            new Flip(
                "header reserved",
                QuoteLayout.HEADER_RESERVED_OFFSET,
                ErrorCode.QUOTE_SIGNATURE_INVALID),
            new Flip(
                "user_data",
                QuoteLayout.HEADER_USER_DATA_OFFSET,
                ErrorCode.QUOTE_SIGNATURE_INVALID),
            new Flip("MRTD", 184, ErrorCode.QUOTE_SIGNATURE_INVALID),
            new Flip("RTMR3", 520, ErrorCode.QUOTE_SIGNATURE_INVALID),
            new Flip("REPORTDATA first", 568, ErrorCode.QUOTE_SIGNATURE_INVALID),
            new Flip("REPORTDATA last", 631, ErrorCode.QUOTE_SIGNATURE_INVALID),
            new Flip("quote signature", s, ErrorCode.QUOTE_SIGNATURE_INVALID),
            new Flip("QE report", qeReport, ErrorCode.QE_REPORT_SIGNATURE_INVALID),
            new Flip(
                "QE report signature",
                qeReport + QuoteLayout.SGX_REPORT_SIZE,
                ErrorCode.QE_REPORT_SIGNATURE_INVALID),
            new Flip("QE auth data", authData, ErrorCode.QE_REPORT_DATA_MISMATCH));
    QuoteVerifier v = QuoteVerifier.insecureWithCustomTrustRoot(setup.pki().rootCertificate());
    Collateral c = Collateral.load(setup.collateral().directory());
    for (Flip f : table) {
      byte[] mutated = quote.clone();
      mutated[f.offset()] ^= 0x01;
      assertThatThrownBy(() -> v.verify(mutated, c, SimFixtures.NOW))
          .as(f.field() + " @" + f.offset())
          .isInstanceOfSatisfying(
              ReplicatoorException.class,
              e -> assertThat(e.errorCode()).as(f.field()).isEqualTo(f.expected()));
    }
  }

  @Test
  void verify_anySingleByteFlip_fails() throws Exception {
    QuoteVerifier v = QuoteVerifier.insecureWithCustomTrustRoot(setup.pki().rootCertificate());
    Collateral c = Collateral.load(setup.collateral().directory());
    v.verify(quote, c, SimFixtures.NOW);
    List<Integer> accepted = new ArrayList<>();
    for (int i = 0; i < quote.length; i++) {
      byte[] mutated = quote.clone();
      mutated[i] ^= 0x01;
      try {
        v.verify(mutated, c, SimFixtures.NOW);
        accepted.add(i);
      } catch (ReplicatoorException expected) {
        // every flip must end here
      }
    }
    assertThat(accepted)
        .as("offsets whose flip still verified (quote length %d)", quote.length)
        .isEmpty();
  }
}
