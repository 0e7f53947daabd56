package io.replicatoor.attest.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;

/**
 * Coverage-guided fuzzing of the collateral parsers (Jazzer; seeds: the shared vectors' dcap-qvl
 * {@code collateral.json} files and signed TCB-info / QE-identity bodies in {@code
 * CollateralFuzzTestInputs}). Every input goes to all three parsers.
 *
 * <p>Contract: {@link Collateral#fromDcapQvlJson} fails only with {@code COLLATERAL_MALFORMED} or
 * {@code COLLATERAL_MISSING}, and what it accepts survives its own {@link Collateral#toDcapQvlJson}
 * unchanged; the strict typed readers of the signed bodies ({@link
 * CollateralDocuments#parseTcbInfo}, {@link CollateralDocuments#parseEnclaveIdentity}) fail only
 * with {@code COLLATERAL_MALFORMED}. Anything else thrown is a finding.
 */
class CollateralFuzzTest {

  @FuzzTest(maxDuration = "5s")
  void parse_anyBytes_throwsOnlyCollateralErrors(byte[] data) {
    try {
      Collateral c = Collateral.fromDcapQvlJson(data);
      Collateral again = Collateral.fromDcapQvlJson(c.toDcapQvlJson());
      assertThat(again.contentHash()).isEqualTo(c.contentHash());
      documents(c.tcbInfo().toByteArray(), c.qeIdentity().toByteArray());
    } catch (ReplicatoorException e) {
      assertThat(e.errorCode()).isIn(ErrorCode.COLLATERAL_MALFORMED, ErrorCode.COLLATERAL_MISSING);
      assertThat(e.getMessage()).isNotBlank();
    }
    documents(data, data);
  }

  private static void documents(byte[] tcbInfo, byte[] qeIdentity) {
    try {
      TcbInfo t = CollateralDocuments.parseTcbInfo(tcbInfo);
      assertThat(t.id()).isNotNull();
    } catch (ReplicatoorException e) {
      assertThat(e.errorCode()).isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
    }
    try {
      EnclaveIdentity q = CollateralDocuments.parseEnclaveIdentity(qeIdentity);
      assertThat(q.id()).isNotNull();
    } catch (ReplicatoorException e) {
      assertThat(e.errorCode()).isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
    }
  }
}
