package io.replicatoor.sim;

/**
 * One event-log entry in dstack's JSON shape ({@code imr}, {@code event_type}, {@code digest},
 * {@code event}, {@code event_payload}; dstack-guest-interface.md section 4.1), hex lower case.
 */
public record SimEvent(
    int imr, long eventType, String digestHex, String event, String payloadHex) {}
