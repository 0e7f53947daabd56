package io.replicatoor.sim;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class whose every test gets a fresh simulator served over real sockets in {@link #dir}.
 */
abstract class ServedSimulatorTest {
  @TempDir Path dir;

  SimFixtures.Served served;

  @BeforeEach
  void serve() throws Exception {
    served = SimFixtures.serve(dir);
  }

  @AfterEach
  void stopServing() throws IOException {
    served.close();
  }
}
