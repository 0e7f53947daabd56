package io.replicatoor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The one required {@code --quote FILE} (verify-quote, bench verify-quote, collateral fetch), read
 * by {@link QuoteFile}.
 */
final class QuoteOption {
  /** The help of every {@code --quote}: the file forms {@link QuoteFile} accepts. */
  static final String DESCRIPTION =
      "Quote file: raw binary, hex text (optional 0x) or a guest agent's GetQuote/RawQuote JSON"
          + " response";

  @Option(names = "--quote", required = true, paramLabel = "FILE", description = DESCRIPTION + ".")
  Path quote;

  /** The raw quote in the file. */
  byte[] read() {
    return QuoteFile.read(quote, "--quote");
  }
}
