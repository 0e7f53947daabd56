package io.replicatoor.chain.testing;

import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.sim.anvil.Anvil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A real anvil for a test class, with the owner ({@link Anvil#KEY_0}) and guardian ({@link
 * Anvil#KEY_1}) connected, started before the subclass's own {@code @BeforeAll} and stopped after
 * its {@code @AfterAll}. Test classes run one at a time, so the static fields are the current
 * class's.
 */
public abstract class AnvilTestBase {
  protected static Anvil anvil;
  protected static UpgradeAdmin owner;
  protected static UpgradeAdmin guardian;
  private static final List<AutoCloseable> CLOSE_AFTER_CLASS = new ArrayList<>();

  @BeforeAll
  static void startAnvil() throws Exception {
    anvil = Anvil.start();
    owner = closeAfterClass(UpgradeAdmin.connect(anvil.uri(), Fixtures.key(Anvil.KEY_0)));
    guardian = closeAfterClass(UpgradeAdmin.connect(anvil.uri(), Fixtures.key(Anvil.KEY_1)));
  }

  /** A proxy in front of anvil (honest until told otherwise), closed after the class. */
  protected static RpcProxy proxy() throws Exception {
    return closeAfterClass(RpcProxy.start(anvil.uri()));
  }

  /** An admin connection signing with {@code key}, closed after the class. */
  protected static UpgradeAdmin admin(String key) throws Exception {
    return closeAfterClass(UpgradeAdmin.connect(anvil.uri(), Fixtures.key(key)));
  }

  /** Registers {@code c} to be closed (newest first) after the class, before anvil stops. */
  protected static <T extends AutoCloseable> T closeAfterClass(T c) {
    CLOSE_AFTER_CLASS.add(c);
    return c;
  }

  @AfterAll
  static void stopAnvil() throws Exception {
    try {
      for (int i = CLOSE_AFTER_CLASS.size() - 1; i >= 0; i--) {
        CLOSE_AFTER_CLASS.get(i).close();
      }
    } finally {
      CLOSE_AFTER_CLASS.clear();
      if (anvil != null) {
        anvil.close();
        anvil = null;
      }
    }
  }
}
