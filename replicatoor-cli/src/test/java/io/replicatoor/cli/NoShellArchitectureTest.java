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
 * classes of every replicatoor module on the test class path for references to {@code
 * java/lang/ProcessBuilder} and {@code Runtime.exec}. The one exception is the development-only
 * package {@code io.replicatoor.sim.anvil} (a local dev chain for tests and the demo), which no
 * production library may use ({@code ModuleFences.PRODUCTION_LIBRARIES_USE_NO_DEV_CODE}), and the
 * test fixtures module replicatoor-testing (its Node.js runner), which the parent pom's enforcer
 * keeps out of every compile scope.
 */
class NoShellArchitectureTest {

  private static final List<String> FORBIDDEN =
      List.of("java/lang/ProcessBuilder", "java/lang/ProcessHandle");

  /** Development only: starts the local anvil chain (module replicatoor-sim). */
  private static final String DEV_ANVIL_PACKAGE = "io/replicatoor/sim/anvil/";

  /** Test fixtures only (module replicatoor-testing, test scope everywhere). */
  private static final String TEST_FIXTURES_PACKAGE = "io/replicatoor/testing/";

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
              && !name.endsWith("-tests.jar");
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

  private static void check(String name, byte[] classFile, List<String> offenders) {
    String path = name.replace(File.separatorChar, '/');
    if (path.startsWith(DEV_ANVIL_PACKAGE) || path.startsWith(TEST_FIXTURES_PACKAGE)) {
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
