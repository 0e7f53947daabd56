package io.replicatoor.core;

import java.security.GeneralSecurityException;

/**
 * Checked base class for expected security failures (bad quote, bad collateral, bad proof, ...).
 * Messages never carry secret material. Stack traces are not captured: these are expected,
 * high-frequency outcomes, and the code plus message say everything a caller needs.
 */
public class ReplicatoorException extends GeneralSecurityException implements HasErrorCode {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  public ReplicatoorException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ReplicatoorException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  @Override
  public ErrorCode errorCode() {
    return code;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // expected failures: no stack capture
  }

  @Override
  public String toString() {
    return code + ": " + getMessage();
  }
}
