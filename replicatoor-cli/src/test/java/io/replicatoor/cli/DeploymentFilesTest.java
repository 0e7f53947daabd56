package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Keeps {@code Dockerfile} and {@code deploy/docker-compose.yml} consistent with the code: every
 * {@code REPLICATOOR_*} variable the compose file sets is one the server reads and documents, the
 * measured settings are all there with sealing off, the copied jar is the CLI's shaded jar, the
 * default command is a real subcommand, and the image's health probe passes on 200 only.
 */
class DeploymentFilesTest {

  private static final Pattern TABLE_VARIABLE = Pattern.compile("^\\| `(REPLICATOOR_[A-Z0-9_]+)`");
  private static final Pattern COMPOSE_VARIABLE =
      Pattern.compile("^\\s+(REPLICATOOR_[A-Z0-9_]+):\\s*\"([^\"]*)\"\\s*$");
  private static final Pattern SOURCE_LITERAL = Pattern.compile("\"(REPLICATOOR_[A-Z0-9_]+)\"");
  private static final Pattern JAR_COPY =
      Pattern.compile("cp (replicatoor-cli/target/(replicatoor-cli)-\\*-(\\w+)\\.jar) (\\S+)");

  private final ObjectMapper json = new ObjectMapper();

  private static Path root() {
    return DocExamples.root();
  }

  private static List<String> lines(String relative) throws IOException {
    return Files.readAllLines(root().resolve(relative), StandardCharsets.UTF_8);
  }

  /** The {@code REPLICATOOR_*} settings the compose file sets, in file order, with their values. */
  private static Map<String, String> composeSettings() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : lines("deploy/docker-compose.yml")) {
      Matcher m = COMPOSE_VARIABLE.matcher(line);
      if (m.matches()) {
        assertThat(out.put(m.group(1), m.group(2))).as("set twice: %s", m.group(1)).isNull();
      } else if (!line.strip().startsWith("#")) {
        assertThat(line)
            .as("every REPLICATOOR_* setting is a quoted literal")
            .doesNotContain("REPLICATOOR_");
      }
    }
    return out;
  }

  /** Rows of docs/server.md's settings table: variable to whether it is marked measured. */
  private static Map<String, Boolean> documentedSettings() throws IOException {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (String line : lines("docs/server.md")) {
      Matcher m = TABLE_VARIABLE.matcher(line);
      if (m.find()) {
        out.put(m.group(1), line.contains("*measured*"));
      }
    }
    return out;
  }

  /** Every {@code "REPLICATOOR_..."} string literal in the server's and the CLI's main sources. */
  private static Set<String> variablesTheCodeReads() throws IOException {
    Set<String> out = new TreeSet<>();
    for (String module : List.of("replicatoor-cli", "replicatoor-server")) {
      try (Stream<Path> files = Files.walk(root().resolve(module).resolve("src/main/java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = SOURCE_LITERAL.matcher(Files.readString(f));
          while (m.find()) {
            out.add(m.group(1));
          }
        }
      }
    }
    return out;
  }

  @Test
  void everyComposeVariableIsReadByTheCodeAndDocumented() throws IOException {
    Map<String, String> compose = composeSettings();
    Map<String, Boolean> documented = documentedSettings();
    Set<String> read = variablesTheCodeReads();
    assertThat(documented).hasSizeGreaterThan(10);
    assertThat(read).contains("REPLICATOOR_CHAIN_ID", "REPLICATOOR_HTTP_PORT");
    assertThat(compose.keySet()).isNotEmpty();
    assertThat(documented.keySet()).containsAll(compose.keySet());
    assertThat(read).containsAll(compose.keySet());
    // names the comments mention are real too
    Matcher m =
        Pattern.compile("REPLICATOOR_[A-Z0-9_]+")
            .matcher(Files.readString(root().resolve("deploy/docker-compose.yml")));
    while (m.find()) {
      assertThat(documented).containsKey(m.group());
      assertThat(read).contains(m.group());
    }
  }

  @Test
  void composeSetsEveryMeasuredSettingWithSealingOff() throws IOException {
    Map<String, String> compose = composeSettings();
    List<String> measured =
        documentedSettings().entrySet().stream()
            .filter(Map.Entry::getValue)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(measured).contains("REPLICATOOR_SEALING", "REPLICATOOR_CONTRACT");
    assertThat(compose.keySet()).containsAll(measured);
    assertThat(compose).containsEntry("REPLICATOOR_SEALING", "off");
    for (String value : compose.values()) {
      assertThat(value).as("no ${...} substitution in a measured file").doesNotContain("$");
    }
  }

  @Test
  void composePublishesOnlyTheServerPortAndMountsTheAgentAndData() throws IOException {
    List<String> all = lines("deploy/docker-compose.yml");
    Map<String, String> compose = composeSettings();
    String port = compose.getOrDefault("REPLICATOOR_HTTP_PORT", "4001");
    List<String> published = new ArrayList<>();
    boolean inPorts = false;
    for (String line : all) {
      String t = line.strip();
      if (t.equals("ports:")) {
        inPorts = true;
      } else if (inPorts && t.startsWith("- ")) {
        published.add(t.substring(2).replace("\"", ""));
      } else if (inPorts && !t.startsWith("#")) {
        inPorts = false;
      }
    }
    assertThat(published).containsExactly(port + ":" + port);
    String agent = compose.get("REPLICATOOR_AGENT_SOCKET");
    assertThat(all)
        .anySatisfy(l -> assertThat(l.strip()).isEqualTo("- /var/run/dstack.sock:" + agent));
    String dataDir = compose.get("REPLICATOOR_DATA_DIR");
    assertThat(all)
        .anySatisfy(l -> assertThat(l.strip()).isEqualTo("- replicatoor-data:" + dataDir));
    assertThat(lines("Dockerfile")).contains("VOLUME [\"" + dataDir + "\"]");
  }

  @Test
  void dockerfileCopiesTheShadedCliJarOfAModuleTheBuildHas() throws IOException {
    String dockerfile = String.join("\n", lines("Dockerfile"));
    Matcher m = JAR_COPY.matcher(dockerfile);
    assertThat(m.find()).as("the build stage copies the CLI jar").isTrue();
    String glob = m.group(1);
    String pom = Files.readString(root().resolve("replicatoor-cli/pom.xml"));
    assertThat(pom).contains("<artifactId>" + m.group(2) + "</artifactId>");
    assertThat(pom).contains("<shadedClassifierName>" + m.group(3) + "</shadedClassifierName>");
    assertThat(pom).contains("<mainClass>" + Main.class.getName() + "</mainClass>");
    assertThat(Files.readString(root().resolve("pom.xml")))
        .contains("<module>replicatoor-cli</module>")
        .contains("<project.build.outputTimestamp>");
    // After `package` (as in `verify`, or ./replicatoor's first run) the glob names exactly one
    // jar.
    Path target = root().resolve("replicatoor-cli/target");
    if (Files.isDirectory(target)) {
      try (Stream<Path> files = Files.list(target)) {
        List<Path> jars =
            files
                .filter(p ->
                    target
                        .getFileSystem()
                        .getPathMatcher("glob:" + root().resolve(glob))
                        .matches(p))
                .toList();
        assertThat(jars.size()).as("jars matching %s", glob).isLessThanOrEqualTo(1);
      }
    }
    assertThat(dockerfile)
        .contains(
            "COPY --from=build --chown=root:root --chmod=0444 "
                + m.group(4)
                + " /app/replicatoor.jar");
  }

  @Test
  void entryPointRunsTheJarAndTheDefaultCommandIsASubcommand() throws IOException {
    List<String> entry = null;
    List<String> cmd = null;
    for (String line : lines("Dockerfile")) {
      if (line.startsWith("ENTRYPOINT ")) {
        entry =
            Arrays.asList(json.readValue(line.substring("ENTRYPOINT ".length()), String[].class));
      } else if (line.startsWith("CMD ")) {
        cmd = Arrays.asList(json.readValue(line.substring("CMD ".length()), String[].class));
      }
    }
    assertThat(entry).isNotNull().startsWith("java").endsWith("-jar", "/app/replicatoor.jar");
    assertThat(cmd).containsExactly("serve");
    CommandLine cli = Main.commandLine();
    assertThat(cli.getSubcommands()).containsKey(cmd.get(0));
    List<String> composeCommand = null;
    for (String line : lines("deploy/docker-compose.yml")) {
      if (line.strip().startsWith("command: ")) {
        composeCommand =
            Arrays.asList(
                json.readValue(line.strip().substring("command: ".length()), String[].class));
      }
    }
    assertThat(composeCommand).isEqualTo(cmd);
  }

  @Test
  void healthProbePassesOn200AndFailsOn503AndOnAClosedPort() throws Exception {
    List<String> probe = healthcheckCommand();
    assertThat(probe.get(0)).isEqualTo("bash");
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    int[] status = {200};
    List<String> paths = new ArrayList<>();
    http.createContext(
        "/",
        ex -> {
          paths.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
          byte[] body = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status[0], body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    http.start();
    try {
      int port = http.getAddress().getPort();
      assertThat(run(probe, port)).isZero();
      assertThat(paths).containsExactly("GET /healthz");
      status[0] = 503;
      assertThat(run(probe, port)).isNotZero();
    } finally {
      http.stop(0);
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThat(run(probe, closed)).isNotZero();
  }

  private List<String> healthcheckCommand() throws IOException {
    List<String> all = lines("Dockerfile");
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).startsWith("HEALTHCHECK ")) {
        String cmd = all.get(i + 1).strip();
        assertThat(cmd).startsWith("CMD [");
        return Arrays.asList(json.readValue(cmd.substring("CMD ".length()), String[].class));
      }
    }
    throw new AssertionError("Dockerfile has no HEALTHCHECK");
  }

  private static int run(List<String> command, int port) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("REPLICATOOR_HTTP_PORT", Integer.toString(port));
    Process p = pb.start();
    p.getOutputStream().close();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }
}
