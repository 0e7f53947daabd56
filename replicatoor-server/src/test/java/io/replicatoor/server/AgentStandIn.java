package io.replicatoor.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real Unix socket in front of the (simulated) guest agent: passes every connection through, or
 * is gone (no socket file: connections are refused), slow (reads the request and never answers) or
 * answers garbage (an HTTP answer whose body is not the agent's JSON).
 */
final class AgentStandIn implements AutoCloseable {
  enum Mode {
    PASS,
    SLOW,
    GARBAGE
  }

  private final Path socket;
  private final Path agent;
  private volatile Mode mode = Mode.PASS;
  private volatile CountDownLatch release = new CountDownLatch(1);
  private ServerSocketChannel listener;

  AgentStandIn(Path socket, Path agent) throws IOException {
    this.socket = socket;
    this.agent = agent;
    back();
  }

  Path socket() {
    return socket;
  }

  void mode(Mode m) {
    if (mode == Mode.SLOW && m != Mode.SLOW) {
      release.countDown();
      release = new CountDownLatch(1);
    }
    mode = m;
  }

  /** The socket disappears: the listener closes and the file is removed. */
  synchronized void gone() throws IOException {
    if (listener != null) {
      listener.close();
      listener = null;
    }
    Files.deleteIfExists(socket);
  }

  /** The socket is back. */
  synchronized void back() throws IOException {
    if (listener != null) {
      return;
    }
    Files.deleteIfExists(socket);
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    ch.bind(UnixDomainSocketAddress.of(socket));
    listener = ch;
    Thread.ofVirtual().start(() -> accept(ch));
  }

  private void accept(ServerSocketChannel ch) {
    while (ch.isOpen()) {
      try {
        SocketChannel c = ch.accept();
        Thread.ofVirtual().start(() -> serve(c));
      } catch (IOException e) {
        return; // closed by gone()
      }
    }
  }

  private void serve(SocketChannel client) {
    try (client) {
      switch (mode) {
        case PASS -> pass(client);
        case SLOW -> {
          readRequest(client);
          release.await(60, TimeUnit.SECONDS);
        }
        case GARBAGE -> {
          readRequest(client);
          byte[] body = "{\"quote\":\"zz\",\"event_log\":7}".getBytes(StandardCharsets.US_ASCII);
          String head =
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n";
          client.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
          client.write(ByteBuffer.wrap(body));
        }
      }
    } catch (IOException e) {
      // the client went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pass(SocketChannel client) throws IOException, InterruptedException {
    try (SocketChannel up = SocketChannel.open(UnixDomainSocketAddress.of(agent))) {
      Thread toAgent =
          Thread.ofVirtual()
              .start(() -> {
                try {
                  copy(client, up);
                  up.shutdownOutput();
                } catch (IOException e) {
                  // either side closed
                }
              });
      copy(up, client);
      toAgent.join(TimeUnit.SECONDS.toMillis(60));
    }
  }

  private static void copy(SocketChannel from, SocketChannel to) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16 * 1024);
    while (from.read(b) >= 0) {
      b.flip();
      while (b.hasRemaining()) {
        to.write(b);
      }
      b.clear();
    }
  }

  /** Reads one request: the head, then Content-Length bytes of body. */
  private static void readRequest(SocketChannel c) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocate(4096);
    int headEnd = -1;
    long need = Long.MAX_VALUE;
    while (seen.size() < need) {
      b.clear();
      if (c.read(b) < 0) {
        return;
      }
      seen.write(b.array(), 0, b.position());
      if (headEnd < 0) {
        String s = seen.toString(StandardCharsets.ISO_8859_1);
        headEnd = s.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
          long length = 0;
          for (String line : s.substring(0, headEnd).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
              length = Long.parseLong(line.substring("content-length:".length()).strip());
            }
          }
          need = headEnd + 4 + length;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    release.countDown();
    gone();
  }
}
