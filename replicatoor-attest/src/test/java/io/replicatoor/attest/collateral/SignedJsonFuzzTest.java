package io.replicatoor.attest.collateral;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.io.IOException;
import java.util.List;

/**
 * Coverage-guided fuzzing of the raw-byte scanner {@link SignedJson#extract} (Jazzer; seeds: the
 * Intel PCS responses of the shared vectors in {@code SignedJsonFuzzTestInputs}).
 *
 * <p>Contract: any byte string either yields a body that is exactly one JSON object (its brackets
 * nest with matching kinds outside strings, it starts with its opening brace and ends with the
 * matching closing one) and a 64-byte signature, or fails with {@code COLLATERAL_MALFORMED}. And
 * whenever the strict collateral parser reads a plain ASCII document as an object holding the
 * member and a 128-digit hex signature, the scanner accepts it and its body parses to that member.
 */
class SignedJsonFuzzTest {
  private static final List<String> KEYS = List.of("tcbInfo", "enclaveIdentity");

  @FuzzTest(maxDuration = "5s")
  void extract_anyBytes_bodyIsOneObjectOrCollateralMalformed(byte[] doc) {
    for (String key : KEYS) {
      SignedJson s;
      try {
        s = SignedJson.extract(doc, key);
      } catch (ReplicatoorException e) {
        assertThat(e.errorCode()).isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
        assertThat(e.getMessage()).isNotBlank();
        assertAgreesWithStrictParserOnRejection(doc, key);
        continue;
      }
      assertThat(s.signature().length()).isEqualTo(64);
      assertThat(isOneObject(s.body().toByteArray())).as("body is one JSON object").isTrue();
      assertAgreesWithStrictParserOnAcceptance(doc, key, s);
    }
  }

  /** A document the strict parser accepts with both members must not be rejected by the scanner. */
  private static void assertAgreesWithStrictParserOnRejection(byte[] doc, String key) {
    assertThat(strictMember(doc, key))
        .as("strict parser accepts what the scanner rejects")
        .isNull();
  }

  private static void assertAgreesWithStrictParserOnAcceptance(
      byte[] doc, String key, SignedJson s) {
    JsonNode member = strictMember(doc, key);
    if (member == null) {
      return;
    }
    try {
      assertThat(CollateralJson.parser().read(s.body().toByteArray())).isEqualTo(member);
    } catch (IOException e) {
      throw new AssertionError("the body of an accepted document does not parse", e);
    }
  }

  /**
   * The member {@code key} when the strict parser reads {@code doc} as an object holding an object
   * member {@code key} and a 128-digit hex {@code signature}; null otherwise, and for documents
   * outside the comparable subset (non-printable-ASCII bytes or escapes, which the parser decodes
   * and the scanner requires raw in the signature).
   */
  static JsonNode strictMember(byte[] doc, String key) {
    for (byte b : doc) {
      if (b == '\\' || b < 0 || (b < 0x20 && b != ' ' && b != '\t' && b != '\n' && b != '\r')) {
        return null;
      }
    }
    JsonNode root;
    try {
      root = CollateralJson.parser().read(doc);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    JsonNode member = root.get(key);
    JsonNode sig = root.get("signature");
    if (!root.isObject()
        || member == null
        || !member.isObject()
        || sig == null
        || !sig.isTextual()
        || !sig.asText().matches("[0-9a-fA-F]{128}")) {
      return null;
    }
    return member;
  }

  /**
   * Whether {@code b} is {@code {...}} whose brackets outside strings nest with matching kinds and
   * whose first brace closes only at the last byte.
   */
  static boolean isOneObject(byte[] b) {
    if (b.length < 2 || b[0] != '{' || b[b.length - 1] != '}') {
      return false;
    }
    byte[] stack = new byte[b.length];
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < b.length; i++) {
      byte c = b[i];
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> inString = true;
        case '{', '[' -> stack[depth++] = c;
        case '}', ']' -> {
          if (depth == 0 || stack[depth - 1] != (c == '}' ? '{' : '[')) {
            return false;
          }
          depth--;
          if (depth == 0 && i != b.length - 1) {
            return false;
          }
        }
        default -> {}
      }
    }
    return depth == 0 && !inString;
  }
}
