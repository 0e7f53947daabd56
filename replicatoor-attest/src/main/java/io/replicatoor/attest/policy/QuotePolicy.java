package io.replicatoor.attest.policy;

import io.replicatoor.attest.quote.Bytes8;
import io.replicatoor.attest.quote.TdReport;
import io.replicatoor.attest.quote.TdReport15;
import io.replicatoor.attest.verify.TcbStatus;
import io.replicatoor.attest.verify.TrustRootKind;
import io.replicatoor.attest.verify.VerifiedQuote;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The relying-party policy for a verified TD quote (sections 6-7). Defaults are safe for secret
 * release; every weakening is a builder method named {@code insecure...} or an explicit widening.
 *
 * <p>Defaults: statuses UpToDate and SWHardeningNeeded; no advisory restriction; TD attributes:
 * DEBUG = 0, SEPT_VE_DISABLE = 1, only PKS/KL/PERFMON may also be set; XFAM within Intel's fixed
 * bits; MRSERVICETD, SEAMATTRIBUTES and MRSIGNERSEAM zero; Intel root only; collateral (TCB info,
 * QE identity, PCK CRL) issued at most {@link #DEFAULT_MAX_COLLATERAL_AGE} before the verification
 * time; no minimum {@code tcbEvaluationDataNumber} (deployments should set one).
 */
public final class QuotePolicy {
  /** TDATTRIBUTES bit 0: the TD is debuggable (host can read its memory). */
  public static final long TD_DEBUG = 1L;

  /** TDATTRIBUTES bits 1-7: reserved (TUD). */
  public static final long TD_RESERVED_TUD = 0xFEL;

  /** TDATTRIBUTES bit 28: SEPT_VE_DISABLE (required). */
  public static final long TD_SEPT_VE_DISABLE = 1L << 28;

  /** TDATTRIBUTES bit 29: migratable. */
  public static final long TD_MIGRATABLE = 1L << 29;

  /** TDATTRIBUTES bit 30: PKS. */
  public static final long TD_PKS = 1L << 30;

  /** TDATTRIBUTES bit 31: KL. */
  public static final long TD_KL = 1L << 31;

  /** TDATTRIBUTES bit 63: PERFMON. */
  public static final long TD_PERFMON = 1L << 63;

  /** Bits that may be set by default (besides the required SEPT_VE_DISABLE). */
  public static final long DEFAULT_ALLOWED_TD_ATTRIBUTES =
      TD_SEPT_VE_DISABLE | TD_PKS | TD_KL | TD_PERFMON;

  /** XFAM bits that must be set (x87, SSE). */
  public static final long XFAM_FIXED1 = 0x3L;

  /** XFAM bits that may be set. */
  public static final long XFAM_FIXED0 = 0x6DBE7L;

  /** Default bound on collateral age (near/mpc#3042 uses 7 days; Intel reissues every 30). */
  public static final Duration DEFAULT_MAX_COLLATERAL_AGE = Duration.ofDays(14);

  private final Set<TcbStatus> acceptedStatuses;
  private final Optional<Set<String>> allowedAdvisoryIds;
  private final long allowedTdAttributes;
  private final boolean allowDebugTd;
  private final boolean allowServiceTd;
  private final boolean allowCustomTrustRoot;
  private final Optional<Set<Long>> expectedXfam;
  private final long minTcbEvaluationDataNumber;
  private final Duration maxCollateralAge;
  private final Optional<Instant> minTcbDate;

  private QuotePolicy(Builder b) {
    this.acceptedStatuses = Set.copyOf(b.acceptedStatuses);
    this.allowedAdvisoryIds = b.allowedAdvisoryIds.map(Set::copyOf);
    this.allowedTdAttributes = b.allowedTdAttributes;
    this.allowDebugTd = b.allowDebugTd;
    this.allowServiceTd = b.allowServiceTd;
    this.allowCustomTrustRoot = b.allowCustomTrustRoot;
    this.expectedXfam = b.expectedXfam.map(Set::copyOf);
    this.minTcbEvaluationDataNumber = b.minTcbEvaluationDataNumber;
    this.maxCollateralAge = b.maxCollateralAge;
    this.minTcbDate = b.minTcbDate;
  }

  /** The default policy for secret release. */
  public static QuotePolicy defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Checks {@code q} and reports every violation. */
  public PolicyResult check(VerifiedQuote q) {
    List<Violation> v = new ArrayList<>();
    Instant t = q.verifiedAt();
    // Trust root.
    if (q.trustRoot() != TrustRootKind.INTEL && !allowCustomTrustRoot) {
      v.add(new Violation("trust_root", "verified under a custom (development) trust root"));
    }
    // Section 6: TCB status.
    if (q.status().isEmpty()) {
      v.add(
          new Violation("tcb_status", "no TCB status: the quote was verified without collateral"));
    } else {
      TcbStatus s = q.status().get();
      if (!acceptedStatuses.contains(s)) {
        v.add(
            new Violation(
                "tcb_status",
                "TCB status "
                    + s.intelName()
                    + " is not accepted (accepted: "
                    + acceptedStatuses.stream()
                        .map(TcbStatus::intelName)
                        .sorted()
                        .collect(Collectors.joining(", "))
                    + ")"));
      }
      if (allowedAdvisoryIds.isPresent()) {
        List<String> unknown =
            q.advisoryIds().stream().filter(a -> !allowedAdvisoryIds.get().contains(a)).toList();
        if (!unknown.isEmpty()) {
          v.add(new Violation("advisory_ids", "advisories not on the allow-list: " + unknown));
        }
      }
      minEvaluationNumber(v, "TCB info", q.tcbEvaluationDataNumber());
      minEvaluationNumber(v, "QE identity", q.qeIdentityTcbEvaluationDataNumber());
      if (minTcbDate.isPresent()
          && q.tcbDate().isPresent()
          && q.tcbDate().get().isBefore(minTcbDate.get())) {
        v.add(
            new Violation(
                "tcb_date", "TCB date " + q.tcbDate().get() + " is before " + minTcbDate.get()));
      }
      // Section 5 rule 4: maximum collateral age (not applied to the root CA CRL).
      q.tcbInfo().ifPresent(i -> age(v, "TCB info issueDate", i.issueDate(), t));
      q.qeIdentity().ifPresent(i -> age(v, "QE identity issueDate", i.issueDate(), t));
      q.pckCrlThisUpdate().ifPresent(i -> age(v, "PCK CRL thisUpdate", i, t));
    }
    // Section 7: TD checks.
    if (!q.quote().isTdx()) {
      v.add(new Violation("tee_type", "not a TDX quote"));
    } else {
      TdReport td = q.quote().body();
      v.addAll(tdAttributeViolations(td.tdAttributes(), allowedTdAttributes, allowDebugTd));
      v.addAll(xfamViolations(td.xfam(), expectedXfam));
      if (!td.seamAttributes().isZero()) {
        v.add(
            new Violation(
                "seam_attributes",
                "SEAMATTRIBUTES " + td.seamAttributes().toHex() + " is not zero"));
      }
      if (!td.mrSignerSeam().isZero()) {
        v.add(
            new Violation(
                "mr_signer_seam", "MRSIGNERSEAM is not zero (not an Intel-signed TDX module)"));
      }
      if (td instanceof TdReport15 t15 && !t15.mrServiceTd().isZero() && !allowServiceTd) {
        v.add(
            new Violation(
                "mr_service_td", "MRSERVICETD is not zero: a service TD is bound to this TD"));
      }
    }
    return v.isEmpty() ? new PolicyResult.Accepted(q) : new PolicyResult.Rejected(v);
  }

  /** {@code document}'s tcbEvaluationDataNumber (0 when absent) is at least the minimum. */
  private void minEvaluationNumber(List<Violation> v, String document, OptionalLong number) {
    long n = number.orElse(0);
    if (n < minTcbEvaluationDataNumber) {
      v.add(
          new Violation(
              "tcb_evaluation_data_number",
              document
                  + " tcbEvaluationDataNumber "
                  + n
                  + " is below the minimum "
                  + minTcbEvaluationDataNumber));
    }
  }

  private void age(List<Violation> v, String what, Instant issued, Instant t) {
    if (Duration.between(issued, t).compareTo(maxCollateralAge) > 0) {
      v.add(
          new Violation(
              "collateral_age",
              what
                  + " "
                  + issued
                  + " is older than "
                  + maxCollateralAge.toDays()
                  + " days at "
                  + t));
    }
  }

  /** Section 7.1 TDATTRIBUTES rules, one violation per broken rule. */
  static List<Violation> tdAttributeViolations(
      Bytes8 attributes, long allowed, boolean allowDebug) {
    long a = attributes.asLongLe();
    List<Violation> v = new ArrayList<>();
    if ((a & TD_DEBUG) != 0 && !allowDebug) {
      v.add(new Violation("td_debug", "TD is in debug mode (TDATTRIBUTES bit 0)"));
    }
    if ((a & TD_SEPT_VE_DISABLE) == 0) {
      v.add(
          new Violation("td_sept_ve_disable", "SEPT_VE_DISABLE (TDATTRIBUTES bit 28) is not set"));
    }
    if ((a & TD_MIGRATABLE) != 0 && (allowed & TD_MIGRATABLE) == 0) {
      v.add(new Violation("td_migratable", "TD is migratable (TDATTRIBUTES bit 29)"));
    }
    long others = a & ~(allowed | TD_DEBUG | TD_MIGRATABLE);
    if (others != 0) {
      v.add(
          new Violation(
              "td_attributes",
              "TDATTRIBUTES has bits outside the allowed set: 0x" + Long.toHexString(others)));
    }
    return v;
  }

  /** Section 7.2 XFAM rules. */
  static List<Violation> xfamViolations(Bytes8 xfam, Optional<Set<Long>> expected) {
    long x = xfam.asLongLe();
    List<Violation> v = new ArrayList<>();
    if ((x & XFAM_FIXED1) != XFAM_FIXED1 || (x & ~XFAM_FIXED0) != 0) {
      v.add(
          new Violation("xfam", "XFAM 0x" + Long.toHexString(x) + " violates Intel's fixed bits"));
    }
    if (expected.isPresent() && !expected.get().contains(x)) {
      v.add(
          new Violation(
              "xfam", "XFAM 0x" + Long.toHexString(x) + " is not one of the expected values"));
    }
    return v;
  }

  /** Builder; starts from the defaults. */
  public static final class Builder {
    private Set<TcbStatus> acceptedStatuses =
        EnumSet.of(TcbStatus.UP_TO_DATE, TcbStatus.SW_HARDENING_NEEDED);
    private Optional<Set<String>> allowedAdvisoryIds = Optional.empty();
    private long allowedTdAttributes = DEFAULT_ALLOWED_TD_ATTRIBUTES;
    private boolean allowDebugTd;
    private boolean allowServiceTd;
    private boolean allowCustomTrustRoot;
    private Optional<Set<Long>> expectedXfam = Optional.empty();
    private long minTcbEvaluationDataNumber;
    private Duration maxCollateralAge = DEFAULT_MAX_COLLATERAL_AGE;
    private Optional<Instant> minTcbDate = Optional.empty();

    private Builder() {}

    /** Replaces the accepted statuses. Revoked can never be accepted (the verifier fails on it). */
    public Builder acceptStatuses(Set<TcbStatus> statuses) {
      if (statuses.isEmpty() || statuses.contains(TcbStatus.REVOKED)) {
        throw new IllegalArgumentException(
            "accepted statuses must be non-empty and exclude Revoked");
      }
      this.acceptedStatuses = EnumSet.copyOf(statuses);
      return this;
    }

    /** Requires every advisory ID of the result to be on this list. */
    public Builder allowOnlyAdvisoryIds(Set<String> ids) {
      this.allowedAdvisoryIds = Optional.of(Set.copyOf(ids));
      return this;
    }

    /** Test only: accepts debug TDs, whose memory the host can read. */
    public Builder insecureAllowDebugTd() {
      this.allowDebugTd = true;
      return this;
    }

    /** Accepts a non-zero MRSERVICETD (a bound service TD can act on the TD's state). */
    public Builder insecureAllowServiceTd() {
      this.allowServiceTd = true;
      return this;
    }

    /** Accepts quotes verified under a custom (development) root. */
    public Builder insecureAllowCustomTrustRoot() {
      this.allowCustomTrustRoot = true;
      return this;
    }

    /** Widens the allowed TDATTRIBUTES bits (DEBUG can only be allowed by insecureAllowDebugTd). */
    public Builder allowTdAttributeBits(long bits) {
      if ((bits & TD_DEBUG) != 0) {
        throw new IllegalArgumentException("use insecureAllowDebugTd() for the DEBUG bit");
      }
      this.allowedTdAttributes |= bits;
      return this;
    }

    /** Pins XFAM to one of these u64 values. */
    public Builder expectXfam(Set<Long> values) {
      this.expectedXfam = Optional.of(Set.copyOf(values));
      return this;
    }

    /** Minimum {@code tcbEvaluationDataNumber} for the TCB info and QE identity. */
    public Builder minTcbEvaluationDataNumber(long n) {
      this.minTcbEvaluationDataNumber = n;
      return this;
    }

    /** Maximum age of TCB info, QE identity and PCK CRL at the verification time. */
    public Builder maxCollateralAge(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("max collateral age must be positive");
      }
      this.maxCollateralAge = d;
      return this;
    }

    /** Rejects results whose TCB date is before {@code date}. */
    public Builder minTcbDate(Instant date) {
      this.minTcbDate = Optional.of(date);
      return this;
    }

    public QuotePolicy build() {
      return new QuotePolicy(this);
    }
  }
}
