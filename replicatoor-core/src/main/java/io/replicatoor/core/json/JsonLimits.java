package io.replicatoor.core.json;

/**
 * The named limits of one kind of untrusted JSON input, in the style of jackson-core's {@code
 * StreamReadConstraints}: every parser in replicatoor reads through {@link BoundedJson} with one of
 * these presets, so each limit is written down once, next to the input it bounds.
 *
 * @param maxDocumentBytes largest accepted document, in bytes (checked before parsing, and again by
 *     the parser)
 * @param maxDepth deepest accepted nesting of arrays and objects
 * @param maxStringLength longest accepted string value or field name, in characters
 * @param maxNumberLength longest accepted number literal, in characters
 */
public record JsonLimits(
    int maxDocumentBytes, int maxDepth, int maxStringLength, int maxNumberLength) {

  /** Nesting depth of every dstack and PCS document we read: they are at most six levels deep. */
  public static final int DOCUMENT_DEPTH = 16;

  /** Number literal length of dstack documents (u64 fits in 20 digits; 32 leaves room). */
  public static final int DOCUMENT_NUMBER_LENGTH = 32;

  /**
   * Intel PCS collateral (TCB info, QE identity, the dcap-qvl collateral bundle): real TCB infos
   * are under 10 KB, PEM chains about 4 KB, CRL hex about 8 KB; TCB info needs depth 6.
   */
  public static final JsonLimits COLLATERAL =
      new JsonLimits(1 << 20, DOCUMENT_DEPTH, 256 * 1024, 20);

  /**
   * Ethereum JSON-RPC answers ({@code eth_getProof} for a few hundred slots fits easily);
   * quantities are hex strings, so long number literals never occur in honest answers.
   */
  public static final JsonLimits JSON_RPC = new JsonLimits(8 << 20, 32, 1 << 20, 100);

  /** Requests to the dstack guest-agent simulator and the files it is configured with. */
  public static final JsonLimits GUEST_AGENT_REQUEST = document(1 << 20);

  /** Rejects non-positive limits. */
  public JsonLimits {
    positive(maxDocumentBytes, "maxDocumentBytes");
    positive(maxDepth, "maxDepth");
    positive(maxStringLength, "maxStringLength");
    positive(maxNumberLength, "maxNumberLength");
  }

  /**
   * A dstack document (guest-agent response, event log, image measurement, key-provider payload) of
   * at most {@code maxBytes} bytes: depth {@value #DOCUMENT_DEPTH}, strings up to the document
   * size, numbers up to {@value #DOCUMENT_NUMBER_LENGTH} characters.
   */
  public static JsonLimits document(int maxBytes) {
    return new JsonLimits(maxBytes, DOCUMENT_DEPTH, maxBytes, DOCUMENT_NUMBER_LENGTH);
  }

  private static void positive(int v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
  }
}
