package io.replicatoor.attest.collateral.fetch;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;

/**
 * Collateral could not be fetched ({@link ErrorCode#COLLATERAL_UNAVAILABLE}: network, timeout, HTTP
 * status), was not in the documented form ({@link ErrorCode#COLLATERAL_MALFORMED}), did not match
 * the request ({@link ErrorCode#COLLATERAL_MISMATCH}) or was older than already seen ({@link
 * ErrorCode#COLLATERAL_BELOW_HIGH_WATER_MARK}).
 */
public final class CollateralFetchException extends ReplicatoorException {
  private static final long serialVersionUID = 1L;

  public CollateralFetchException(ErrorCode code, String message) {
    super(code, message);
  }

  public CollateralFetchException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }

  static CollateralFetchException unavailable(String message) {
    return new CollateralFetchException(ErrorCode.COLLATERAL_UNAVAILABLE, message);
  }

  static CollateralFetchException unavailable(String message, Throwable cause) {
    return new CollateralFetchException(ErrorCode.COLLATERAL_UNAVAILABLE, message, cause);
  }

  static CollateralFetchException malformed(String message) {
    return new CollateralFetchException(ErrorCode.COLLATERAL_MALFORMED, message);
  }

  static CollateralFetchException malformed(String message, Throwable cause) {
    return new CollateralFetchException(ErrorCode.COLLATERAL_MALFORMED, message, cause);
  }
}
