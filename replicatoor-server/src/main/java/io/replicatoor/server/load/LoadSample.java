package io.replicatoor.server.load;

/**
 * The figures of one measured load phase (or several merged): requests answered 200, requests
 * answered otherwise or failed, wall time, and latency percentiles over every request.
 *
 * @param requests requests answered with status 200
 * @param errors requests answered with another status, or whose connection failed
 * @param seconds measured wall time (summed over merged phases)
 * @param p50Ms median latency in milliseconds
 * @param p99Ms 99th percentile latency in milliseconds
 * @param maxMs largest latency in milliseconds
 */
public record LoadSample(
    long requests, long errors, double seconds, double p50Ms, double p99Ms, double maxMs) {

  /** Requests answered 200 per second of wall time. */
  public double requestsPerSecond() {
    return seconds <= 0 ? 0 : requests / seconds;
  }
}
