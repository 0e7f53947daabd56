package io.replicatoor.attest.collateral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.testing.TdxVectors;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The raw-byte scanner of spec 3.8. */
class SignedJsonTest {
  static final String SIG = "ab".repeat(64);

  static ErrorCode code(String doc, String key) {
    try {
      SignedJson.extract(doc.getBytes(StandardCharsets.UTF_8), key);
      return null;
    } catch (ReplicatoorException e) {
      return e.errorCode();
    }
  }

  @Test
  void extract_vectorResponses_bodyEqualsDcapQvlSignedText() throws Exception {
    for (String v : TdxVectors.FULL) {
      Collateral json = Collateral.fromDcapQvlJson(TdxVectors.file(v, "collateral.json"));
      SignedJson tcb = SignedJson.extract(TdxVectors.file(v, "tcb_info_response.json"), "tcbInfo");
      SignedJson qe =
          SignedJson.extract(TdxVectors.file(v, "qe_identity_response.json"), "enclaveIdentity");
      assertThat(tcb.body()).as(v).isEqualTo(json.tcbInfo());
      assertThat(tcb.signature()).isEqualTo(json.tcbInfoSignature());
      assertThat(qe.body()).isEqualTo(json.qeIdentity());
      assertThat(qe.signature()).isEqualTo(json.qeIdentitySignature());
    }
  }

  @Test
  void extract_bracesInsideStringsAndWhitespace_exactBodyBytes() throws Exception {
    String body = "{\"a\":\"}{\\\"]\",\"b\":[1,{\"c\":null}],\"d\":true}";
    String doc = " \n{ \"signature\" : \"" + SIG + "\" ,\n \"tcbInfo\" :" + body + " }\n";
    SignedJson s = SignedJson.extract(doc.getBytes(StandardCharsets.UTF_8), "tcbInfo");
    assertThat(new String(s.body().toByteArray(), StandardCharsets.UTF_8)).isEqualTo(body);
    assertThat(s.signature().toHex()).isEqualTo(SIG);
  }

  /**
   * Fuzz finding "bracket kind mismatch" (SignedJsonFuzzTest; input {@code
   * SignedJsonFuzzTestInputs/regression-bracket-kind-mismatch}): the scanner counted brackets
   * without their kind, so a {@code '}'} closing a {@code '['} (or {@code ']'} closing {@code '{'})
   * was taken for the end of the member, and a body that is not one JSON value was extracted.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("bracketKindMismatches")
  void fuzzFinding_bracketKindMismatch_isMalformedNamingTheOffset(String body, int offset) {
    String doc = "{\"tcbInfo\":" + body + ",\"signature\":\"" + SIG + "\"}";
    assertThat(code(doc, "tcbInfo")).isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
    try {
      SignedJson.extract(doc.getBytes(StandardCharsets.UTF_8), "tcbInfo");
    } catch (ReplicatoorException e) {
      assertThat(e.getMessage()).contains("at offset " + (11 + offset));
    }
  }

  static Stream<Arguments> bracketKindMismatches() {
    return Stream.of(
        Arguments.of("{\"a\":[1}]", 7),
        Arguments.of("{\"a\":[{\"svn\":2},a\"svn\":1}]}", 24),
        Arguments.of("{\"a\":{\"b\":1]}", 11),
        Arguments.of("{\"a\":1]", 6));
  }

  @Test
  void fuzzFinding_bracketKindMismatch_vectorResponseWithTheFoundMutation_isMalformed()
      throws Exception {
    byte[] found =
        SignedJsonTest.class
            .getResourceAsStream("SignedJsonFuzzTestInputs/regression-bracket-kind-mismatch")
            .readAllBytes();
    assertThatThrownBy(() -> SignedJson.extract(found, "tcbInfo"))
        .isInstanceOf(ReplicatoorException.class)
        .hasMessageContaining("'}' closes '['");
  }

  static Stream<Arguments> malformed() {
    String ok = "{\"tcbInfo\":{\"x\":1},\"signature\":\"" + SIG + "\"}";
    return Stream.of(
        Arguments.of(
            "duplicate tcbInfo", "{\"tcbInfo\":{},\"tcbInfo\":{},\"signature\":\"" + SIG + "\"}"),
        Arguments.of(
            "duplicate signature",
            ok.replace("}", ",\"signature\":\"" + SIG + "\"}")
                .replaceFirst(",\"signature\":\"" + SIG + "\"}\\}", "}")),
        Arguments.of("missing signature", "{\"tcbInfo\":{}}"),
        Arguments.of("missing body", "{\"signature\":\"" + SIG + "\"}"),
        Arguments.of("trailing data", ok + "x"),
        Arguments.of("two documents", ok + ok),
        Arguments.of("short signature", "{\"tcbInfo\":{},\"signature\":\"abcd\"}"),
        Arguments.of(
            "non-hex signature", "{\"tcbInfo\":{},\"signature\":\"" + "zz".repeat(64) + "\"}"),
        Arguments.of("body is a string", "{\"tcbInfo\":\"{}\",\"signature\":\"" + SIG + "\"}"),
        Arguments.of("unterminated", "{\"tcbInfo\":{\"a\":1"),
        Arguments.of("not an object", "[]"),
        Arguments.of("empty", ""),
        Arguments.of("missing colon", "{\"tcbInfo\" {}}"),
        Arguments.of(
            "too deep",
            "{\"tcbInfo\":"
                + "[".repeat(100)
                + "]".repeat(100)
                + ",\"signature\":\""
                + SIG
                + "\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void extract_malformedDocument_collateralMalformed(String name, String doc) {
    assertThat(code(doc, "tcbInfo")).isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
  }

  @Test
  void extract_escapedKeyName_recognised() throws Exception {
    String doc = "{\"tcb\\u0049nfo\":{},\"signature\":\"" + SIG + "\"}";
    assertThat(code(doc, "tcbInfo")).isNull();
  }

  @Test
  void dcapQvlJson_unknownFieldOrWrongType_malformed() {
    assertThat(codeOf("{\"extra\":1}")).isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
    assertThat(codeOf("{\"pck_crl_issuer_chain\":5}")).isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
    assertThat(codeOf("[1]")).isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
    assertThat(codeOf("{\"a\":1,\"a\":2}")).isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
    assertThat(codeOf("{" + "\"x\":[".repeat(40) + "]}".repeat(40)))
        .isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
    assertThat(codeOf("{}")).isEqualTo(ErrorCode.COLLATERAL_MISSING);
  }

  static ErrorCode codeOf(String json) {
    try {
      Collateral.fromDcapQvlJson(json.getBytes(StandardCharsets.UTF_8));
      return null;
    } catch (ReplicatoorException e) {
      return e.errorCode();
    }
  }
}
