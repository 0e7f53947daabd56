package io.replicatoor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

  @Test
  void everyCode_hasHttpErrorStatusAndNonZeroExit() {
    for (ErrorCode c : ErrorCode.values()) {
      assertThat(c.httpStatus()).as(c.name()).isBetween(400, 599);
      assertThat(c.exitClass().exitCode()).as(c.name()).isNotZero();
    }
  }

  @Test
  void exitCodes_documentedValues() {
    assertThat(ErrorCode.QUOTE_SIGNATURE_INVALID.exitClass().exitCode()).isEqualTo(1);
    assertThat(ErrorCode.USAGE.exitClass().exitCode()).isEqualTo(2);
    assertThat(ErrorCode.POLICY_VIOLATION.exitClass().exitCode()).isEqualTo(3);
    assertThat(ErrorCode.INTERNAL.exitClass().exitCode()).isEqualTo(70);
    Set<Integer> distinct =
        Arrays.stream(ErrorCode.ExitClass.values())
            .map(ErrorCode.ExitClass::exitCode)
            .collect(Collectors.toSet());
    assertThat(distinct).hasSize(ErrorCode.ExitClass.values().length);
  }

  @Test
  void replicatoorException_carriesCodeAndNoStackTrace() {
    ReplicatoorException e =
        new ReplicatoorException(ErrorCode.PROOF_INVALID, "storage proof node 3");
    assertThat(e.errorCode()).isEqualTo(ErrorCode.PROOF_INVALID);
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e).hasToString("PROOF_INVALID: storage proof node 3");
  }
}
