package io.replicatoor.testing;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Randomness that remembers every value it gave (secret scans search for them). */
public final class RecordingRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;
  private final transient List<byte[]> given = new ArrayList<>();

  @Override
  public synchronized void nextBytes(byte[] bytes) {
    super.nextBytes(bytes);
    given.add(bytes.clone());
  }

  /** Every value given so far, in order (the live list). */
  public synchronized List<byte[]> given() {
    return given;
  }
}
