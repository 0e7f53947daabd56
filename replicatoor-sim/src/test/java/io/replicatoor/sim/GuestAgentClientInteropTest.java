package io.replicatoor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.attest.agent.AgentApi;
import io.replicatoor.attest.agent.AppInfo;
import io.replicatoor.attest.agent.DerivedKeyResponse;
import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.attest.agent.KeyResponse;
import io.replicatoor.attest.agent.QuoteResponse;
import io.replicatoor.attest.eventlog.RtmrReplay;
import io.replicatoor.attest.measure.TdRegisters;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our own guest-agent client against the simulator: both APIs, Unix sockets and TCP. */
class GuestAgentClientInteropTest extends ServedSimulatorTest {

  private static final HexFormat HEX = HexFormat.of();

  /** {@code c}'s quote over zeros but {@code value} at {@code index}, verified (dev root). */
  private QuoteResponse verifiedQuote(GuestAgentClient c, int index, int value) throws Exception {
    byte[] rd = new byte[64];
    rd[index] = (byte) value;
    QuoteResponse q = c.quote(rd);
    SimulatorVerification.verifyWithDevRoot(q.quote().toByteArray(), served.setup());
    return q;
  }

  @Test
  void currentApi_quoteKeyInfo_verifyAndReplay() throws Exception {
    GuestAgentClient c = GuestAgentClient.forUnixSocket(served.dstackSock(), AgentApi.CURRENT);
    QuoteResponse q = verifiedQuote(c, 5, 42);
    Quote quote = Quote.parse(q.quote().toByteArray());
    RtmrReplay.replay(q.eventLog()).verifyAgainst(TdRegisters.of(quote));

    KeyResponse k = c.getKey("/wallet", "ethereum");
    assertThat(k.signatureChain()).hasSize(2);
    SimKeyDerivation.DerivedKey expected =
        SimKeyDerivation.forApp(
                served.setup().pki().masterKey(), served.setup().simulator().instance().appId())
            .getKey("/wallet", "ethereum", "secp256k1");
    assertThat(k.key().equalsSecret(expected.key())).isTrue();

    AppInfo info = c.info();
    assertThat(info.appId())
        .isEqualTo(HEX.formatHex(served.setup().simulator().instance().appId()));
    assertThat(info.composeHash())
        .contains(HEX.formatHex(served.setup().simulator().instance().composeHash()));
  }

  @Test
  void legacyApi_rawQuoteDeriveKeyInfo_served() throws Exception {
    GuestAgentClient c = GuestAgentClient.forUnixSocket(served.tappdSock(), AgentApi.LEGACY);
    verifiedQuote(c, 63, 1);
    DerivedKeyResponse d = c.tappdDeriveKey("/tls", "app.example", List.of("app.example"));
    assertThat(new String(d.keyPem().reveal(SecretAccess.insecure()), StandardCharsets.US_ASCII))
        .contains("BEGIN PRIVATE KEY");
    assertThat(d.certificateChain()).hasSize(2);
    assertThat(c.tappdInfo().instanceId())
        .isEqualTo(HEX.formatHex(served.setup().simulator().instance().instanceId()));
  }

  @Test
  void tcpEndpoint_httpClient_quoteVerifies() throws Exception {
    InetSocketAddress a = (InetSocketAddress) served.server().boundAddresses().get(2);
    GuestAgentClient c =
        GuestAgentClient.forEndpoint(
            URI.create("http://127.0.0.1:" + a.getPort()), AgentApi.CURRENT);
    verifiedQuote(c, 0, 9);
  }

  @Test
  void currentRoute_onLegacySocket_agentError() throws Exception {
    // A LEGACY client asks /prpc/Tappd.Info; a CURRENT client on tappd.sock asks /Info -> 404.
    GuestAgentClient c = GuestAgentClient.forUnixSocket(served.tappdSock(), AgentApi.CURRENT);
    assertThatThrownBy(() -> c.info())
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e ->
                assertThat(e.errorCode())
                    .isIn(ErrorCode.AGENT_ERROR, ErrorCode.AGENT_RESPONSE_INVALID));
  }
}
