package io.replicatoor.attest.quote;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;

/**
 * A quote could not be parsed: {@link ErrorCode#QUOTE_MALFORMED} (truncated or inconsistent, with
 * the field and offset in the message) or {@link ErrorCode#QUOTE_UNSUPPORTED} (a well-formed value
 * this implementation does not accept, such as an unknown version).
 */
public final class QuoteFormatException extends ReplicatoorException {
  private static final long serialVersionUID = 1L;

  public QuoteFormatException(ErrorCode code, String message) {
    super(code, message);
  }

  static QuoteFormatException malformed(String message) {
    return new QuoteFormatException(ErrorCode.QUOTE_MALFORMED, message);
  }

  static QuoteFormatException unsupported(String message) {
    return new QuoteFormatException(ErrorCode.QUOTE_UNSUPPORTED, message);
  }
}
