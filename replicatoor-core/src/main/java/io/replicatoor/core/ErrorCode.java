package io.replicatoor.core;

/**
 * The one error vocabulary shared by the library, the HTTP server ({@code {"error": CODE, ...}}),
 * the CLI (exit codes) and logs. Names are stable API: tools match on them.
 *
 * <p>Each code carries the HTTP status the server answers with and the CLI exit class.
 */
public enum ErrorCode {
  // ---- usage and input ----------------------------------------------------------------------
  /** The caller used a command or route wrongly (missing or contradictory arguments). */
  USAGE(400, ExitClass.USAGE),
  /** A request body or file could not be read as the documented format. */
  BAD_REQUEST(400, ExitClass.USAGE),
  /** The requested resource does not exist. */
  NOT_FOUND(404, ExitClass.FAILURE),

  // ---- quote parsing and verification (tdx-quote-verification.md section 4) ------------------
  QUOTE_MALFORMED(400, ExitClass.FAILURE),
  QUOTE_UNSUPPORTED(400, ExitClass.FAILURE),
  ATTESTATION_KEY_INVALID(403, ExitClass.FAILURE),
  QUOTE_SIGNATURE_INVALID(403, ExitClass.FAILURE),
  QE_REPORT_SIGNATURE_INVALID(403, ExitClass.FAILURE),
  QE_REPORT_DATA_MISMATCH(403, ExitClass.FAILURE),
  QE_IDENTITY_MISMATCH(403, ExitClass.FAILURE),
  TRUST_ANCHOR_MISMATCH(403, ExitClass.FAILURE),
  PCK_CHAIN_INVALID(403, ExitClass.FAILURE),
  PCK_REVOKED(403, ExitClass.FAILURE),
  CRL_INVALID(403, ExitClass.FAILURE),
  COLLATERAL_MALFORMED(400, ExitClass.FAILURE),
  COLLATERAL_MISSING(400, ExitClass.FAILURE),
  COLLATERAL_SIGNATURE_INVALID(403, ExitClass.FAILURE),
  COLLATERAL_MISMATCH(403, ExitClass.FAILURE),
  COLLATERAL_EXPIRED(403, ExitClass.FAILURE),
  COLLATERAL_NOT_YET_VALID(403, ExitClass.FAILURE),
  COLLATERAL_UNAVAILABLE(503, ExitClass.FAILURE),
  /**
   * Collateral carries a {@code tcbEvaluationDataNumber} below the highest one already seen for the
   * same (TEE, FMSPC): a stale or hostile PCCS tried to roll back (tdx-quote-verification.md 3.7).
   */
  COLLATERAL_BELOW_HIGH_WATER_MARK(403, ExitClass.FAILURE),
  TDX_MODULE_MISMATCH(403, ExitClass.FAILURE),
  TCB_NOT_SUPPORTED(403, ExitClass.FAILURE),
  TCB_STATUS_UNRECOGNIZED(403, ExitClass.FAILURE),
  TCB_REVOKED(403, ExitClass.FAILURE),
  /**
   * A verified quote was rejected by the relying-party policy; the message lists every violation.
   */
  POLICY_VIOLATION(403, ExitClass.POLICY),

  // ---- event log and measurements (dstack-guest-interface.md section 4) ----------------------
  EVENT_LOG_MALFORMED(400, ExitClass.FAILURE),
  RTMR_MISMATCH(403, ExitClass.FAILURE),
  MEASUREMENT_MISMATCH(403, ExitClass.FAILURE),

  // ---- guest agent ---------------------------------------------------------------------------
  AGENT_UNAVAILABLE(503, ExitClass.FAILURE),
  AGENT_TIMEOUT(504, ExitClass.FAILURE),
  AGENT_ERROR(502, ExitClass.FAILURE),
  AGENT_RESPONSE_INVALID(502, ExitClass.FAILURE),

  // ---- chain (upgrade-governance.md section 5) -----------------------------------------------
  RPC_UNAVAILABLE(503, ExitClass.FAILURE),
  RPC_ERROR(502, ExitClass.FAILURE),
  QUORUM_DISAGREES(502, ExitClass.FAILURE),
  HEADER_HASH_MISMATCH(502, ExitClass.FAILURE),
  HEADER_STALE(503, ExitClass.FAILURE),
  PROOF_INVALID(502, ExitClass.FAILURE),
  CODE_HASH_MISMATCH(502, ExitClass.FAILURE),
  /** An endpoint serves another chain than the configured chain id. */
  CHAIN_ID_MISMATCH(502, ExitClass.FAILURE),
  /** A header's timestamp is later than trusted time plus the allowed clock skew. */
  HEADER_FROM_FUTURE(502, ExitClass.FAILURE),
  /** A valid proof shows no contract account at the pinned address in the verified block. */
  CONTRACT_NOT_DEPLOYED(502, ExitClass.FAILURE),
  TRANSACTION_FAILED(502, ExitClass.FAILURE),
  MEASUREMENT_NOT_APPROVED(403, ExitClass.FAILURE),
  TIMELOCK_NOT_ELAPSED(403, ExitClass.FAILURE),
  MEASUREMENT_REVOKED(403, ExitClass.FAILURE),
  STATE_FINGERPRINT_MISMATCH(403, ExitClass.FAILURE),

  // ---- handshake and state -------------------------------------------------------------------
  HANDSHAKE_UNEXPECTED_MESSAGE(409, ExitClass.FAILURE),
  NOT_CONFIGURED(409, ExitClass.FAILURE),
  ALREADY_CONFIGURED(409, ExitClass.FAILURE),

  // ---- hand-over protocol (docs/protocol.md) -------------------------------------------------
  /** A protocol message (join request, transfer bundle, genesis evidence) is not well formed. */
  MESSAGE_MALFORMED(400, ExitClass.FAILURE),
  /** A protocol message names a protocol version this build does not speak. */
  PROTOCOL_VERSION_UNSUPPORTED(400, ExitClass.FAILURE),
  /** The peer's platform TCB status is not accepted by the policy (reported by the verifier). */
  TCB_STATUS_REJECTED(403, ExitClass.POLICY),
  /** The peer is a debug TD (its memory is readable by the host). */
  DEBUG_TD(403, ExitClass.POLICY),
  /**
   * A quote's REPORTDATA does not equal the transcript hash rebuilt from the message (all 64 bytes
   * are compared), or a bundle names another key, anchor or quote than this instance's join.
   */
  BINDING_MISMATCH(403, ExitClass.FAILURE),
  /** This join request was already answered once (the replay cache covers the max join age). */
  JOIN_REPLAYED(409, ExitClass.FAILURE),
  /** The join's block anchor is older than the measured maximum join age. */
  ANCHOR_STALE(403, ExitClass.FAILURE),
  /** The join's block anchor (number, hash) is not a block this instance's reader knows. */
  ANCHOR_UNKNOWN(403, ExitClass.FAILURE),
  /** The replay cache is full; joins are refused until entries expire (fail closed). */
  JOIN_CACHE_FULL(503, ExitClass.FAILURE),
  /** A transfer carries a state version below one this instance has already seen. */
  STATE_ROLLBACK(409, ExitClass.FAILURE),
  /** The transfer ciphertext did not decrypt (or decrypted to a malformed state). */
  TRANSFER_DECRYPT_FAILED(403, ExitClass.FAILURE),
  /** A sealed state blob is tampered, swapped, from another key or otherwise unusable. */
  SEALED_STATE_INVALID(409, ExitClass.FAILURE),
  /**
   * The sealed state file cannot be read or written durably (disk full, I/O error, permissions, a
   * symbolic link, FIFO or folder where the file belongs); the previous state is kept.
   */
  STATE_STORE_UNAVAILABLE(503, ExitClass.FAILURE),
  /** A fingerprint is already registered on chain, so this instance must be onboarded instead. */
  GENESIS_NOT_ALLOWED(409, ExitClass.FAILURE),
  /** Another candidate's fingerprint was registered; this candidate wiped its state. */
  GENESIS_LOST(409, ExitClass.FAILURE),
  /** The instance holds a state it may not serve yet (an unregistered genesis candidate). */
  NOT_SERVING(409, ExitClass.FAILURE),

  // ---- HTTP shell (replicatoor-server) -------------------------------------------------------
  /** The route exists but not for this HTTP method; {@code Allow} names the one it answers. */
  METHOD_NOT_ALLOWED(405, ExitClass.USAGE),
  /** The request body is larger than the server's configured limit. */
  PAYLOAD_TOO_LARGE(413, ExitClass.USAGE),
  /** The request's {@code Content-Type} is not one the route accepts; the message lists them. */
  UNSUPPORTED_MEDIA_TYPE(415, ExitClass.USAGE),
  /** The server is at its concurrency limit or shutting down; retry later. */
  SERVER_BUSY(503, ExitClass.FAILURE),
  /**
   * Another instance's host API could not be reached, did not answer in time, or answered with
   * something other than the server's JSON ({@code replicatoor migrate}).
   */
  INSTANCE_UNREACHABLE(503, ExitClass.FAILURE),

  // ---- bugs ----------------------------------------------------------------------------------
  /**
   * Anything not covered above; details go to the log with a correlation id, never to the caller.
   */
  INTERNAL(500, ExitClass.INTERNAL);

  private final int httpStatus;
  private final ExitClass exitClass;

  ErrorCode(int httpStatus, ExitClass exitClass) {
    this.httpStatus = httpStatus;
    this.exitClass = exitClass;
  }

  /** HTTP status the server answers with for this code. */
  public int httpStatus() {
    return httpStatus;
  }

  /** CLI exit class for this code. */
  public ExitClass exitClass() {
    return exitClass;
  }

  /** CLI process exit codes, documented in {@code docs/cli.md}. */
  public enum ExitClass {
    /** Exit 0. */
    OK(0),
    /** Exit 1: verification or any other domain check failed. */
    FAILURE(1),
    /** Exit 2: usage error (bad arguments, unreadable input file). */
    USAGE(2),
    /** Exit 3: verified, but a policy rejected the result. */
    POLICY(3),
    /** Exit 70: internal error (a bug); see {@code sysexits.h} EX_SOFTWARE. */
    INTERNAL(70);

    private final int exitCode;

    ExitClass(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }
}
