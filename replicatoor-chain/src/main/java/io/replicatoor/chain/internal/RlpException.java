package io.replicatoor.chain.internal;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;

/** Malformed or non-canonical RLP inside a proof or header: {@link ErrorCode#PROOF_INVALID}. */
public final class RlpException extends ReplicatoorException {
  private static final long serialVersionUID = 1L;

  public RlpException(String message) {
    super(ErrorCode.PROOF_INVALID, message);
  }
}
