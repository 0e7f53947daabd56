package io.replicatoor.attest.verify;

import io.replicatoor.attest.quote.Bytes16;
import io.replicatoor.core.bytes.Bytes32;
import java.time.Instant;
import java.util.List;

/** A signature-checked Intel QE identity (v2, {@code TD_QE} or {@code QE}; section 3.4). */
public record EnclaveIdentity(
    String id,
    int version,
    Instant issueDate,
    Instant nextUpdate,
    long tcbEvaluationDataNumber,
    long miscSelect,
    long miscSelectMask,
    Bytes16 attributes,
    Bytes16 attributesMask,
    Bytes32 mrSigner,
    int isvProdId,
    List<TcbInfo.IsvLevel> tcbLevels) {

  public EnclaveIdentity {
    tcbLevels = List.copyOf(tcbLevels);
  }
}
