package io.replicatoor.examples.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.handover.Phase;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example app on a development network (real simulator agents, INSECURE dev trust root; real
 * anvil): the first instance creates the state, a second one of a newer version is onboarded, and
 * both show the same wallet address.
 */
class WalletAppTest {
  @TempDir Path dir;

  @Test
  void theWalletAddressSurvivesAnUpgradeToANewVersion() throws Exception {
    try (DevNetwork net = DevNetwork.start(dir)) {
      EmbeddedReplicatoor v1 = net.genesisInstance("wallet-v1", "a");
      assertThat(v1.status().phase()).isEqualTo(Phase.SERVING);
      WalletApp first = new WalletApp(v1);
      String address = first.walletAddress();
      assertThat(address).matches("0x[0-9a-f]{40}");

      EmbeddedReplicatoor v2 = net.instance("wallet-v2", "b", true).start();
      WalletApp upgraded = new WalletApp(v2);
      assertThatThrownBy(upgraded::walletAddress)
          .extracting(e -> ((ReplicatoorException) e).errorCode())
          .isEqualTo(ErrorCode.NOT_CONFIGURED);
      // The three original calls: /requestKey on B, /onboard on A, /receiveKey on B.
      byte[] join = v2.requestKey().encode();
      byte[] bundle = v1.onboard(join).encode();
      v2.receiveKey(bundle);
      assertThat(upgraded.walletAddress()).isEqualTo(address);
      assertThat(upgraded.status().fingerprint()).isEqualTo(first.status().fingerprint());
    }
  }
}
