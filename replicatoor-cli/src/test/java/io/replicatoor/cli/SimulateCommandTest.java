package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code replicatoor simulate} in-process on a real Unix socket. */
class SimulateCommandTest {
  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void simulate_socket_servesGetQuoteAndCleansUpOnStop() throws Exception {
    Path compose = dir.resolve("app-compose.json");
    Files.writeString(compose, "{\"name\":\"cli-test\"}");
    Path sock = dir.resolve("dstack.sock");
    Path state = dir.resolve("state");
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    AtomicInteger exit = new AtomicInteger(-1);
    Thread t =
        new Thread(
            () ->
                exit.set(
                    cl.execute(
                        "simulate",
                        "--socket",
                        sock.toString(),
                        "--compose",
                        compose.toString(),
                        "--state",
                        state.toString(),
                        "--json")));
    t.start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!out.toString().contains("}") && System.nanoTime() < deadline && t.isAlive()) {
      Thread.sleep(50);
    }
    JsonNode info = JSON.readTree(out.toString());
    assertThat(info.get("endpoints").get(0).asText()).isEqualTo(sock.toString());
    assertThat(info.get("trust_root").asText())
        .isEqualTo(state.resolve("pki").resolve("root.pem").toString());
    assertThat(Files.exists(state.resolve("collateral").resolve("tcb_info_response.json")))
        .isTrue();

    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(sock));
      String body = "{\"report_data\":\"01\"}";
      c.write(
          ByteBuffer.wrap(
              ("POST /GetQuote HTTP/1.1\r\nContent-Type: application/json\r\n"
                      + "Connection: close\r\nContent-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.US_ASCII)));
      String resp =
          new String(
              java.nio.channels.Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(resp).startsWith("HTTP/1.1 200 ");
      assertThat(resp).contains("\"quote\":\"0400020081000000");
    }

    t.interrupt();
    t.join(30_000);
    assertThat(exit.get()).isEqualTo(0);
    assertThat(Files.exists(sock)).isFalse();
  }

  @Test
  void simulate_socketAndListen_usageExit2() {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    int code =
        cl.execute(
            "simulate",
            "--socket",
            dir.resolve("s").toString(),
            "--listen",
            "127.0.0.1:0",
            "--compose",
            "x.json",
            "--json");
    assertThat(code).isEqualTo(2);
    assertThat(out.toString()).contains("\"error\":\"USAGE\"");
  }

  @Test
  void simulate_missingCompose_errorNamesFile() {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    int code =
        cl.execute(
            "simulate",
            "--socket",
            dir.resolve("s.sock").toString(),
            "--compose",
            dir.resolve("missing.json").toString(),
            "--state",
            dir.resolve("st").toString(),
            "--json");
    assertThat(code).isEqualTo(2);
    assertThat(out.toString()).contains("BAD_REQUEST").contains("missing.json");
    assertThat(Files.exists(dir.resolve("s.sock"))).isFalse();
  }

  @Test
  void simulate_socketInUse_usageExit2() throws Exception {
    Path compose = dir.resolve("app-compose.json");
    Files.writeString(compose, "{}");
    Path sock = dir.resolve("busy.sock");
    try (java.nio.channels.ServerSocketChannel busy =
        java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      busy.bind(UnixDomainSocketAddress.of(sock));
      CommandLine cl = Main.commandLine();
      StringWriter out = new StringWriter();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(new StringWriter(), true));
      int code =
          cl.execute(
              "simulate",
              "--socket",
              sock.toString(),
              "--compose",
              compose.toString(),
              "--state",
              dir.resolve("st").toString(),
              "--json");
      assertThat(code).isEqualTo(2);
      assertThat(out.toString()).contains("in use");
    }
  }

  @Test
  void simulate_listenAndLegacySocket_servesCurrentOnTcpAndTappdOnSocket() throws Exception {
    Path compose = dir.resolve("app-compose.json");
    Files.writeString(compose, "{\"name\":\"cli-tcp\"}");
    Path legacy = dir.resolve("tappd.sock");
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    AtomicInteger exit = new AtomicInteger(-1);
    Thread t =
        new Thread(
            () ->
                exit.set(
                    cl.execute(
                        "simulate",
                        "--listen",
                        "127.0.0.1:0",
                        "--legacy-socket",
                        legacy.toString(),
                        "--compose",
                        compose.toString(),
                        "--state",
                        dir.resolve("state").toString(),
                        "--json")));
    t.start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!out.toString().contains("}") && System.nanoTime() < deadline && t.isAlive()) {
      Thread.sleep(50);
    }
    JsonNode info = JSON.readTree(out.toString());
    String http = info.get("endpoints").get(0).asText();
    assertThat(http).startsWith("http://127.0.0.1:");
    assertThat(info.get("endpoints").get(1).asText()).isEqualTo(legacy.toString());
    int port = Integer.parseInt(http.substring(http.lastIndexOf(':') + 1));
    try (SocketChannel c = SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", port))) {
      c.write(
          ByteBuffer.wrap(
              ("POST /Version HTTP/1.1\r\nConnection: close\r\n" + "Content-Length: 0\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII)));
      String resp =
          new String(
              java.nio.channels.Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(resp).startsWith("HTTP/1.1 200 ");
    }
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(legacy));
      String body = "{\"report_data\":\"" + "00".repeat(64) + "\"}";
      c.write(
          ByteBuffer.wrap(
              ("POST /prpc/Tappd.RawQuote?json HTTP/1.1\r\nConnection: close\r\n"
                      + "Content-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.US_ASCII)));
      String resp =
          new String(
              java.nio.channels.Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(resp).startsWith("HTTP/1.1 200 ").contains("\"hash_algorithm\":\"raw\"");
    }
    t.interrupt();
    t.join(30_000);
    assertThat(exit.get()).isEqualTo(0);
    assertThat(Files.exists(legacy)).isFalse();
  }
}
