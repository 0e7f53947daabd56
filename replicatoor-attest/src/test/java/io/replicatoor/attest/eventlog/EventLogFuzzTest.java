package io.replicatoor.attest.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;

/**
 * Coverage-guided fuzzing of the event-log parsers and the RTMR replay (Jazzer; seeds: the dstack
 * vectors' event logs, agent responses and SCALE attestations in {@code EventLogFuzzTestInputs}).
 *
 * <p>Contract: {@link QuoteEvidence#parse} (every accepted form: bare log, agent response, JSON and
 * SCALE attestation) and {@link EventLog#parse} fail only with {@code EVENT_LOG_MALFORMED}; {@link
 * RtmrReplay#replay} of a parsed log fails only with {@code EVENT_LOG_MALFORMED} or {@code
 * RTMR_MISMATCH}. Anything else thrown is a finding.
 */
class EventLogFuzzTest {

  @FuzzTest(maxDuration = "5s")
  void parseAndReplay_anyBytes_throwsOnlyEventLogErrors(byte[] data) {
    try {
      QuoteEvidence ev = QuoteEvidence.parse(data);
      replay(ev.eventLog());
    } catch (ReplicatoorException e) {
      assertThat(e.errorCode()).isEqualTo(ErrorCode.EVENT_LOG_MALFORMED);
      assertThat(e.getMessage()).isNotBlank();
    }
    try {
      EventLog log = EventLog.parse(data);
      assertThat(log.events().size()).isLessThanOrEqualTo(EventLog.MAX_EVENTS);
    } catch (ReplicatoorException e) {
      assertThat(e.errorCode()).isEqualTo(ErrorCode.EVENT_LOG_MALFORMED);
    }
  }

  private static void replay(EventLog log) {
    try {
      ReplayResult r = RtmrReplay.replay(log);
      assertThat(r).isNotNull();
    } catch (ReplicatoorException e) {
      assertThat(e.errorCode()).isIn(ErrorCode.EVENT_LOG_MALFORMED, ErrorCode.RTMR_MISMATCH);
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
