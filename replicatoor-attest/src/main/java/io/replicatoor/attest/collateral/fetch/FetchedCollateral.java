package io.replicatoor.attest.collateral.fetch;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One cached collateral set in the PCS folder form, ready for {@code Collateral.load(directory)}.
 *
 * @param directory folder holding the seven PCS-form files
 * @param key what was fetched
 * @param tcbInfoEvaluationDataNumber {@code tcbInfo.tcbEvaluationDataNumber}
 * @param qeIdentityEvaluationDataNumber {@code enclaveIdentity.tcbEvaluationDataNumber}
 * @param earliestNextUpdate the earliest {@code nextUpdate} of TCB info, QE identity and both CRLs
 * @param fetchedAt when the set was downloaded (the injected clock's instant)
 * @param fromCache true when no request was made
 */
public record FetchedCollateral(
    Path directory,
    CollateralKey key,
    long tcbInfoEvaluationDataNumber,
    long qeIdentityEvaluationDataNumber,
    Instant earliestNextUpdate,
    Instant fetchedAt,
    boolean fromCache) {

  /** Null checks. */
  public FetchedCollateral {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(earliestNextUpdate, "earliestNextUpdate");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
  }
}
