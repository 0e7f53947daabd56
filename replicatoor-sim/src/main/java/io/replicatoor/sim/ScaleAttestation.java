package io.replicatoor.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * Encodes dstack's legacy {@code VersionedAttestation::V0} in SCALE, the {@code Attest} output
 * (dstack-guest-interface.md section 3 and section 11 "SCALE V0 layout").
 */
final class ScaleAttestation {
  private ScaleAttestation() {}

  /** {@code VersionedAttestation} variant V0 (legacy SCALE). */
  static final int VARIANT_V0 = 0;

  /** {@code AttestationQuote} variant {@code DstackTdx}. */
  static final int QUOTE_DSTACK_TDX = 0;

  private static final HexFormat HEX = HexFormat.of();

  /**
   * {@code u8 0 || u8 0 || Vec<u8> quote || Vec<TdxEvent> event_log || Vec<{String, Vec<u8>}>
   * runtime_events || [u8; 64] report_data || String config}.
   */
  static byte[] encodeV0(byte[] quote, List<SimEvent> log, byte[] reportData64, String config) {
    if (reportData64.length != 64) {
      throw new IllegalArgumentException("report data must be 64 bytes");
    }
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(VARIANT_V0);
    o.write(QUOTE_DSTACK_TDX);
    vec(o, quote);
    compact(o, log.size());
    for (SimEvent e : log) {
      u32(o, e.imr());
      u32(o, e.eventType());
      vec(o, HEX.parseHex(e.digestHex()));
      vec(o, e.event().getBytes(StandardCharsets.UTF_8));
      vec(o, HEX.parseHex(e.payloadHex()));
    }
    List<SimEvent> runtime = log.stream().filter(e -> e.imr() == 3).toList();
    compact(o, runtime.size());
    for (SimEvent e : runtime) {
      vec(o, e.event().getBytes(StandardCharsets.UTF_8));
      vec(o, HEX.parseHex(e.payloadHex()));
    }
    o.write(reportData64, 0, 64);
    vec(o, config.getBytes(StandardCharsets.UTF_8));
    return o.toByteArray();
  }

  private static void u32(ByteArrayOutputStream o, long v) {
    o.write((int) (v & 0xff));
    o.write((int) ((v >>> 8) & 0xff));
    o.write((int) ((v >>> 16) & 0xff));
    o.write((int) ((v >>> 24) & 0xff));
  }

  private static void vec(ByteArrayOutputStream o, byte[] b) {
    compact(o, b.length);
    o.write(b, 0, b.length);
  }

  /** SCALE compact integer: 1, 2 or 4 bytes for values below 2^30 (big-integer mode unused). */
  static void compact(ByteArrayOutputStream o, long v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative length");
    } else if (v < (1 << 6)) {
      o.write((int) (v << 2));
    } else if (v < (1 << 14)) {
      long x = (v << 2) | 0b01;
      o.write((int) (x & 0xff));
      o.write((int) ((x >>> 8) & 0xff));
    } else if (v < (1L << 30)) {
      u32(o, (v << 2) | 0b10);
    } else {
      throw new IllegalArgumentException("length " + v + " too large for the simulator");
    }
  }
}
