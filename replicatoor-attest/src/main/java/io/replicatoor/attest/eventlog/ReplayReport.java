package io.replicatoor.attest.eventlog;

import io.replicatoor.attest.measure.RuntimeEvent;
import io.replicatoor.attest.measure.TdRegisters;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.measure.MeasurementId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code replicatoor event-log replay} reports: replayed registers, identities, the
 * measurement id (when a quote supplies MRTD and RTMR0-2) and whether everything matches the quote.
 *
 * @param rtmr0 replayed RTMR0
 * @param rtmr1 replayed RTMR1
 * @param rtmr2 replayed RTMR2
 * @param rtmr3 replayed RTMR3 (recomputed runtime digests)
 * @param bootLogComplete whether RTMR0-2 could be replayed (false for stripped logs)
 * @param identities identities from the first occurrences before system-ready
 * @param measurementId the measurement id (needs a quote and a compose-hash event)
 * @param matchesQuote empty without a quote; otherwise whether {@link ReplayResult#verifyAgainst}
 *     passed
 * @param mismatch the failure message when {@code matchesQuote} is false
 * @param appEvents names of the events after system-ready (never identities)
 */
public record ReplayReport(
    Measurement48 rtmr0,
    Measurement48 rtmr1,
    Measurement48 rtmr2,
    Measurement48 rtmr3,
    boolean bootLogComplete,
    DstackIdentities identities,
    Optional<MeasurementId> measurementId,
    Optional<Boolean> matchesQuote,
    Optional<String> mismatch,
    List<String> appEvents) {

  /** Rejects null components and copies the list. */
  public ReplayReport {
    Objects.requireNonNull(identities, "identities");
    Objects.requireNonNull(measurementId, "measurementId");
    Objects.requireNonNull(matchesQuote, "matchesQuote");
    Objects.requireNonNull(mismatch, "mismatch");
    appEvents = List.copyOf(appEvents);
  }

  /**
   * Parses an evidence file ({@link QuoteEvidence#parse}) and an optional separate quote file
   * ({@link QuoteEvidence#quoteFromFile}), then {@link #create(QuoteEvidence, Optional, boolean)}.
   */
  public static ReplayReport fromFiles(
      byte[] evidenceFile, Optional<byte[]> quoteFile, boolean bindOsImageHash)
      throws ReplicatoorException {
    QuoteEvidence evidence = QuoteEvidence.parse(evidenceFile);
    Optional<Bytes> quote =
        quoteFile.isPresent()
            ? Optional.of(QuoteEvidence.quoteFromFile(quoteFile.get()))
            : Optional.empty();
    return create(evidence, quote, bindOsImageHash);
  }

  /**
   * Replays {@code evidence} and, when a quote is available ({@code quoteOverride} first, else the
   * evidence's own), compares with it.
   *
   * @param evidence the parsed input
   * @param quoteOverride a quote given separately (for a bare event log)
   * @param bindOsImageHash whether the measurement id binds the os-image-hash event when present
   * @throws ReplicatoorException when the log is malformed or a logged runtime digest is
   *     inconsistent (the replay itself fails), or the quote cannot be parsed; a replay that runs
   *     but differs from the quote is reported with {@code matchesQuote = false}
   */
  public static ReplayReport create(
      QuoteEvidence evidence, Optional<Bytes> quoteOverride, boolean bindOsImageHash)
      throws ReplicatoorException {
    ReplayResult r = RtmrReplay.replay(evidence.eventLog());
    Optional<Bytes> quoteBytes = quoteOverride.or(evidence::quote);
    Optional<MeasurementId> id = Optional.empty();
    Optional<Boolean> matches = Optional.empty();
    Optional<String> why = Optional.empty();
    if (quoteBytes.isPresent()) {
      TdRegisters regs = TdRegisters.of(Quote.parse(quoteBytes.get().toByteArray()));
      try {
        r.verifyAgainst(regs);
        matches = Optional.of(true);
      } catch (ReplicatoorException e) {
        if (e.errorCode() != ErrorCode.RTMR_MISMATCH
            && e.errorCode() != ErrorCode.MEASUREMENT_MISMATCH
            && e.errorCode() != ErrorCode.EVENT_LOG_MALFORMED) {
          throw e;
        }
        matches = Optional.of(false);
        why = Optional.of(e.errorCode() + ": " + e.getMessage());
      }
      if (r.identities().composeHash().isPresent()) {
        boolean bind = bindOsImageHash && r.identities().osImageHash().isPresent();
        id = Optional.of(r.measurement(regs, bind).measurementId());
      }
    }
    return new ReplayReport(
        r.rtmr0(),
        r.rtmr1(),
        r.rtmr2(),
        r.rtmr3(),
        r.bootLogComplete(),
        r.identities(),
        id,
        matches,
        why,
        r.appEvents().stream().map(RuntimeEvent::name).toList());
  }
}
