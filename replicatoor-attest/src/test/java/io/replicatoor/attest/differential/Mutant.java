package io.replicatoor.attest.differential;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One mutant of a real vector: a stable name, a category for the report, the vector it starts from,
 * at most one change to the quote or to one collateral field, and the verification time.
 *
 * <p>A change is a splice: everything between the first {@code pre} and the last {@code suf} bytes
 * of the target (the raw quote, or the UTF-8 bytes of a collateral string field) is replaced by
 * {@code mid}; or, with {@code drop}, the collateral field is removed. The same splice is applied
 * by the Node peer ({@code src/test/node/dcap-qvl-verify.mjs}), so both verifiers see the same
 * bytes.
 *
 * @param name stable name, e.g. {@code v01/quote/body/0x1a3/bit2}
 * @param category report group, e.g. {@code quote body bit flip}
 * @param base the vector
 * @param target {@link #QUOTE}, a collateral field name, or {@code null} (time only)
 * @param drop whether the collateral field {@code target} is removed
 * @param pre kept prefix length
 * @param suf kept suffix length
 * @param mid replacement bytes
 * @param at verification time, Unix seconds
 */
record Mutant(
    String name,
    String category,
    VectorBase base,
    String target,
    boolean drop,
    int pre,
    int suf,
    byte[] mid,
    long at) {
  static final String QUOTE = "quote";

  /** A mutant that changes nothing but the time. */
  static Mutant atTime(String name, String category, VectorBase base, long at) {
    return new Mutant(name, category, base, null, false, 0, 0, new byte[0], at);
  }

  /** A mutant whose target bytes are {@code mutated} instead of {@code original}. */
  static Mutant splice(
      String name,
      String category,
      VectorBase base,
      String target,
      byte[] original,
      byte[] mutated) {
    int max = Math.min(original.length, mutated.length);
    int pre = 0;
    while (pre < max && original[pre] == mutated[pre]) {
      pre++;
    }
    int suf = 0;
    while (suf < max - pre
        && original[original.length - 1 - suf] == mutated[mutated.length - 1 - suf]) {
      suf++;
    }
    byte[] mid = Arrays.copyOfRange(mutated, pre, mutated.length - suf);
    if (pre == original.length && mutated.length == original.length) {
      throw new IllegalArgumentException("mutant " + name + " changes nothing");
    }
    Mutant m = new Mutant(name, category, base, target, false, pre, suf, mid, base.at());
    if (!Arrays.equals(m.apply(original), mutated)) {
      throw new IllegalStateException("splice of " + name + " does not reproduce the mutant");
    }
    return m;
  }

  /** A mutant without the collateral field {@code field}. */
  static Mutant drop(String name, String category, VectorBase base, String field) {
    return new Mutant(name, category, base, field, true, 0, 0, new byte[0], base.at());
  }

  /** The same change at another time. */
  Mutant withAt(long time) {
    return new Mutant(name, category, base, target, drop, pre, suf, mid, time);
  }

  /** The quote bytes this mutant verifies. */
  byte[] quote() {
    return QUOTE.equals(target) ? apply(base.quote()) : base.quote();
  }

  /** The collateral fields (dcap-qvl {@code collateral.json} names and string values). */
  Map<String, String> collateral() {
    Map<String, String> c = new LinkedHashMap<>(base.collateral());
    if (target != null && !QUOTE.equals(target)) {
      if (drop) {
        c.remove(target);
      } else {
        byte[] v = c.get(target).getBytes(StandardCharsets.UTF_8);
        c.put(target, new String(apply(v), StandardCharsets.UTF_8));
      }
    }
    return c;
  }

  private byte[] apply(byte[] original) {
    byte[] out = new byte[pre + mid.length + suf];
    System.arraycopy(original, 0, out, 0, pre);
    System.arraycopy(mid, 0, out, pre, mid.length);
    System.arraycopy(original, original.length - suf, out, pre + mid.length, suf);
    return out;
  }

  @Override
  public String toString() {
    return name;
  }
}
