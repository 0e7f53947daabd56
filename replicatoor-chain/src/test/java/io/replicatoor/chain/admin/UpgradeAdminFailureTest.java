package io.replicatoor.chain.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.web3j.exceptions.MessageDecodingException;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.exceptions.ContractCallException;

/**
 * How {@link UpgradeAdmin#send} classifies what a web3j call throws: the failures web3j documents
 * get stable codes; a bug stays a bug and is never reported as an RPC problem.
 */
class UpgradeAdminFailureTest {

  private static <T> RemoteCall<T> throwing(Exception e) {
    return new RemoteCall<>(() -> {
      throw e;
    });
  }

  private static ErrorCode codeOf(Exception e) {
    try {
      UpgradeAdmin.send("op", throwing(e));
    } catch (ReplicatoorException r) {
      return r.errorCode();
    }
    throw new AssertionError("no ReplicatoorException for " + e);
  }

  @Test
  void documentedWeb3jFailures_getStableCodes() {
    assertThat(codeOf(new ConnectException("refused"))).isEqualTo(ErrorCode.RPC_UNAVAILABLE);
    assertThat(codeOf(new TransactionException("status 0x0")))
        .isEqualTo(ErrorCode.TRANSACTION_FAILED);
    assertThat(codeOf(new ContractCallException("empty value"))).isEqualTo(ErrorCode.RPC_ERROR);
    assertThat(codeOf(new MessageDecodingException("bad hex"))).isEqualTo(ErrorCode.RPC_ERROR);
    String mined = "Transaction has failed with status: 0x0. revert reason: 'not owner'";
    assertThat(codeOf(new IOException(mined))).isEqualTo(ErrorCode.TRANSACTION_FAILED);
    UpgradeAdmin.WouldRevertException refused =
        new UpgradeAdmin.WouldRevertException("not pending");
    assertThatThrownBy(() -> UpgradeAdmin.send("cancel", throwing(refused)))
        .isInstanceOf(ReplicatoorException.class)
        .hasMessage("cancel reverted in simulation, nothing was sent: not pending");
  }

  @Test
  void bugs_propagateUnchanged_neverAsRpcError() {
    NullPointerException npe = new NullPointerException("bug");
    assertThatThrownBy(() -> UpgradeAdmin.send("status", throwing(npe))).isSameAs(npe);
    IllegalStateException ise = new IllegalStateException("bug");
    assertThatThrownBy(() -> UpgradeAdmin.send("status", throwing(ise))).isSameAs(ise);
    ArithmeticException ae = new ArithmeticException("overflow");
    assertThatThrownBy(() -> UpgradeAdmin.send("status", throwing(ae))).isSameAs(ae);
    // A checked exception web3j never throws is a bug too, not an RPC error.
    assertThatThrownBy(() -> UpgradeAdmin.send("status", throwing(new Exception("odd"))))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(ReplicatoorException.class);
  }

  @Test
  void ourOwnErrors_passThrough() {
    ReplicatoorException mine = new ReplicatoorException(ErrorCode.NOT_FOUND, "no code");
    assertThatThrownBy(() -> UpgradeAdmin.send("x", throwing(mine))).isSameAs(mine);
  }

  @Test
  void revertReason_fromMessageOrErrorStringData() {
    assertThat(reason("execution reverted: not owner", null)).isEqualTo("not owner");
    // abi.encodeWithSignature("Error(string)", "not pending")
    String data =
        "0x08c379a0"
            + "0000000000000000000000000000000000000000000000000000000000000020"
            + "000000000000000000000000000000000000000000000000000000000000000b"
            + "6e6f742070656e64696e67000000000000000000000000000000000000000000";
    assertThat(reason("execution reverted", data)).isEqualTo("not pending");
    assertThat(reason("out of gas", null)).isEqualTo("out of gas");
    assertThat(reason(null, null)).isEqualTo("execution reverted");
  }

  private static String reason(String message, String data) {
    return UpgradeAdmin.SimulatingTransactionManager.reason(message, data);
  }
}
