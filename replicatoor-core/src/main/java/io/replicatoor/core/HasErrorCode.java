package io.replicatoor.core;

/** Implemented by every domain exception so shells can render one stable error vocabulary. */
public interface HasErrorCode {
  /** The stable code for this failure. */
  ErrorCode errorCode();

  /**
   * A message that is safe to show to the caller: it never contains secret material. Exception
   * messages in replicatoor are written to be safe, so the default is {@link
   * Throwable#getMessage()}.
   */
  String getMessage();
}
