package io.replicatoor.cli;

import java.time.Clock;
import java.time.ZoneOffset;
import picocli.CommandLine.Option;

/**
 * The one optional {@code --at TIME} (verify-quote, collateral fetch): the time to verify at,
 * default now. The CLI owns the clock; the verifiers take the time from it.
 */
final class AtOption {
  /** The help of every {@code --at}. */
  static final String DESCRIPTION = "Verification time: " + CliTime.FORMS;

  @Option(names = "--at", paramLabel = "TIME", description = DESCRIPTION + " (default: now).")
  String at;

  /** A clock fixed at {@code --at}, or the system clock (UTC) without it. */
  Clock clock() {
    return at == null ? Clock.systemUTC() : Clock.fixed(CliTime.parse(at, "--at"), ZoneOffset.UTC);
  }
}
