package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Threat model P10: no production class of replicatoor may start a process. Scans the compiled main
 * classes of every replicatoor module on the test class path (but the test fixtures module,
 * replicatoor-testing) for references to {@code java/lang/ProcessBuilder} and {@code Runtime.exec}.
 * The one exception is the development-only package {@code io.replicatoor.sim.anvil} (a local dev
 * chain for tests and the demo), which no production library may use ({@code
 * ModuleFences.PRODUCTION_LIBRARIES_USE_NO_DEV_CODE}).
 */
class NoShellArchitectureTest {

  private static final List<String> FORBIDDEN =
      List.of("java/lang/ProcessBuilder", "java/lang/ProcessHandle");

  /** Development only: starts the local anvil chain (module replicatoor-sim). */
  private static final String DEV_ANVIL_PACKAGE = "io/replicatoor/sim/anvil/";

  @Test
  void mainClasses_neverStartProcesses() throws IOException {
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.toString();
      boolean ours =
          name.contains("replicatoor-")
              && !name.contains("test-classes")
              && !name.endsWith("-tests.jar")
              && !isTestFixturesModule(name);
      if (!ours) {
        continue;
      }
      if (Files.isDirectory(p)) {
        try (Stream<Path> files = Files.walk(p)) {
          for (Path f :
              (Iterable<Path>) files.filter(x -> x.toString().endsWith(".class"))::iterator) {
            scanned++;
            check(p.relativize(f).toString(), Files.readAllBytes(f), offenders);
          }
        }
      } else if (name.endsWith(".jar")) {
        try (JarFile jar = new JarFile(p.toFile())) {
          Enumeration<JarEntry> en = jar.entries();
          while (en.hasMoreElements()) {
            JarEntry e = en.nextElement();
            if (e.getName().startsWith("io/replicatoor/") && e.getName().endsWith(".class")) {
              scanned++;
              try (InputStream in = jar.getInputStream(e)) {
                check(e.getName(), in.readAllBytes(), offenders);
              }
            }
          }
        }
      }
    }
    assertThat(scanned).as("replicatoor main classes found on the class path").isGreaterThan(5);
    assertThat(offenders).as("classes that could start a process").isEmpty();
  }

  @Test
  void onlyTheTestFixturesModuleIsLeftOut() {
    assertThat(isTestFixturesModule("/w/replicatoor-testing/target/classes")).isTrue();
    assertThat(isTestFixturesModule("/m2/io/replicatoor/replicatoor-testing-0.1.0-SNAPSHOT.jar"))
        .isTrue();
    assertThat(isTestFixturesModule("/w/replicatoor-server/target/classes")).isFalse();
    assertThat(isTestFixturesModule("/m2/io/replicatoor/replicatoor-sim-0.1.0-SNAPSHOT.jar"))
        .isFalse();
  }

  /**
   * The test fixtures module replicatoor-testing (its classes folder or jar): test scope only,
   * never in a production jar ({@code ModuleFences.TESTING_NOT_IN_PRODUCTION}); its {@code
   * NodeScript} runs node for the simulator's interop tests.
   */
  static boolean isTestFixturesModule(String classPathEntry) {
    String n = classPathEntry.replace(File.separatorChar, '/');
    return n.contains("/replicatoor-testing/") || n.contains("/replicatoor-testing-");
  }

  private static void check(String name, byte[] classFile, List<String> offenders) {
    if (name.replace(File.separatorChar, '/').startsWith(DEV_ANVIL_PACKAGE)) {
      return;
    }
    String text = new String(classFile, StandardCharsets.ISO_8859_1);
    for (String f : FORBIDDEN) {
      if (text.contains(f)) {
        offenders.add(name + " references " + f);
      }
    }
    // A constant-pool UTF8 entry that is exactly "exec": tag 1, length 4.
    if (text.contains("java/lang/Runtime") && text.contains("\u0001\u0000\u0004exec")) {
      offenders.add(name + " may call Runtime.exec");
    }
  }
}
