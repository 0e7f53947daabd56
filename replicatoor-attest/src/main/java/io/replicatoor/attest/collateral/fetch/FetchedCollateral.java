package io.replicatoor.attest.collateral.fetch;

import io.replicatoor.core.ErrorCode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One cached collateral set in the PCS folder form, ready for {@code Collateral.load(directory)}.
 *
 * @param directory folder holding the seven PCS-form files
 * @param key what was fetched
 * @param tcbInfoEvaluationDataNumber {@code tcbInfo.tcbEvaluationDataNumber}
 * @param qeIdentityEvaluationDataNumber {@code enclaveIdentity.tcbEvaluationDataNumber}
 * @param earliestNextUpdate the earliest {@code nextUpdate} of TCB info, QE identity and both CRLs
 * @param fetchedAt when the set was downloaded (the injected clock's instant)
 * @param fromCache true when no request was made, or the request failed and the cached set was kept
 * @param refreshError the code of a failed refresh when the cached set was kept because of it (the
 *     set is then stale but still valid: its earliest {@code nextUpdate} is after the clock)
 */
public record FetchedCollateral(
    Path directory,
    CollateralKey key,
    long tcbInfoEvaluationDataNumber,
    long qeIdentityEvaluationDataNumber,
    Instant earliestNextUpdate,
    Instant fetchedAt,
    boolean fromCache,
    Optional<ErrorCode> refreshError) {

  /** Null checks. */
  public FetchedCollateral {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(earliestNextUpdate, "earliestNextUpdate");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
    Objects.requireNonNull(refreshError, "refreshError");
  }

  /** True when this is a cached set kept because its refresh failed ({@link #refreshError}). */
  public boolean stale() {
    return refreshError.isPresent();
  }
}
