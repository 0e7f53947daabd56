package io.replicatoor.server.load;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A closed-loop HTTP/1.1 load generator: {@code connections} keep-alive connections (TCP or Unix
 * socket), each on its own platform thread, each sending the same request again as soon as the
 * previous answer is read, for a fixed time. Every request's latency is recorded (no sampling), so
 * the percentiles are exact for the run. Answers must carry {@code Content-Length} (both of
 * replicatoor's servers always send it); chunked answers are refused.
 */
public final class HttpLoad {
  /** Longest response head accepted. */
  static final int MAX_HEAD_BYTES = 16 * 1024;

  /** Largest response body accepted. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  /** Read buffer per connection. */
  private static final int BUFFER_BYTES = 64 * 1024;

  /** Offset of the three status digits in {@code HTTP/1.1 200 ...}. */
  private static final int STATUS_OFFSET = "HTTP/1.1 ".length();

  private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
  private static final String CONTENT_LENGTH = "content-length:";

  private HttpLoad() {}

  /** {@code GET path} with a {@code Host} header, as bytes. */
  public static byte[] get(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code POST path} with a JSON body, as bytes. */
  public static byte[] postJson(String path, byte[] body) {
    byte[] head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, out, head.length, body.length);
    return out;
  }

  /**
   * Sends {@code request} once on a fresh connection and returns the body.
   *
   * @throws IOException when the connection fails or the answer is not 200
   */
  public static byte[] once(SocketAddress address, byte[] request) throws IOException {
    try (Connection c = new Connection(address)) {
      int status = c.exchange(ByteBuffer.wrap(request), true);
      if (status != 200) {
        throw new IOException(
            "answer " + status + ": " + new String(c.body, StandardCharsets.UTF_8));
      }
      return c.body;
    }
  }

  /**
   * Runs the load: opens every connection first, then starts all senders at once and stops them
   * after {@code duration}.
   *
   * @throws IOException when a connection cannot be opened before the start
   */
  public static Recording run(
      SocketAddress address, byte[] request, int connections, Duration duration)
      throws IOException {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be positive");
    }
    List<Connection> open = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        open.add(new Connection(address));
      }
      Recording[] parts = new Recording[connections];
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      long[] window = new long[2];
      for (int i = 0; i < connections; i++) {
        int k = i;
        parts[k] = new Recording();
        Thread t =
            new Thread(
                () -> sendLoop(address, open, k, request, go, window, parts[k]), "load-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
      window[0] = System.nanoTime();
      window[1] = window[0] + duration.toNanos();
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      long wall = System.nanoTime() - window[0];
      Recording all = new Recording();
      for (Recording r : parts) {
        all.merge(r);
      }
      all.wallNanos = wall;
      return all;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      for (Connection c : open) {
        c.close();
      }
    }
  }

  private static void sendLoop(
      SocketAddress address,
      List<Connection> open,
      int k,
      byte[] request,
      CountDownLatch go,
      long[] window,
      Recording out) {
    ByteBuffer req = ByteBuffer.wrap(request);
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    long end = window[1];
    Connection c = open.get(k);
    long t0 = System.nanoTime();
    while (t0 < end) {
      try {
        int status = c.exchange(req, false);
        long t1 = System.nanoTime();
        if (status == 200) {
          out.add(t1 - t0);
        } else {
          out.errors++;
        }
        t0 = t1;
      } catch (IOException e) {
        out.errors++;
        c.close();
        try {
          c = new Connection(address);
          synchronized (open) {
            open.set(k, c);
          }
        } catch (IOException again) {
          return;
        }
        t0 = System.nanoTime();
      }
    }
  }

  /** Latencies of every 200 answer, the error count and the wall time; mergeable. */
  public static final class Recording {
    private long[] nanos = new long[1024];
    private int count;
    private long errors;
    private long wallNanos;

    void add(long latencyNanos) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, count * 2);
      }
      nanos[count++] = latencyNanos;
    }

    /** Adds {@code other}'s requests, errors and wall time to this recording. */
    public void merge(Recording other) {
      if (count + other.count > nanos.length) {
        nanos = Arrays.copyOf(nanos, Math.max(count + other.count, nanos.length * 2));
      }
      System.arraycopy(other.nanos, 0, nanos, count, other.count);
      count += other.count;
      errors += other.errors;
      wallNanos += other.wallNanos;
    }

    /** The figures: requests per second over the summed wall time, exact percentiles. */
    public LoadSample sample() {
      long[] sorted = Arrays.copyOf(nanos, count);
      Arrays.sort(sorted);
      return new LoadSample(
          count,
          errors,
          wallNanos / 1e9,
          percentileMs(sorted, 0.50),
          percentileMs(sorted, 0.99),
          count == 0 ? 0 : sorted[count - 1] / 1e6);
    }

    private static double percentileMs(long[] sorted, double q) {
      if (sorted.length == 0) {
        return 0;
      }
      int i = (int) Math.ceil(q * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
  }

  /** One keep-alive connection: writes a request, reads one answer framed by Content-Length. */
  private static final class Connection implements Closeable {
    private final SocketChannel ch;
    private final ByteBuffer in = ByteBuffer.allocate(BUFFER_BYTES);
    private byte[] body = new byte[0];

    Connection(SocketAddress address) throws IOException {
      ch = SocketChannel.open(address);
      if (address instanceof InetSocketAddress) {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
    }

    /** One exchange; the body is kept in {@link #body} when {@code keepBody}. */
    int exchange(ByteBuffer request, boolean keepBody) throws IOException {
      request.rewind();
      while (request.hasRemaining()) {
        ch.write(request);
      }
      in.clear();
      int headEnd = -1;
      while (headEnd < 0) {
        if (in.position() >= MAX_HEAD_BYTES) {
          throw new IOException("response head longer than " + MAX_HEAD_BYTES + " bytes");
        }
        if (ch.read(in) < 0) {
          throw new IOException("connection closed before the response head");
        }
        headEnd = indexOf(in.array(), in.position(), HEAD_END);
      }
      int bodyStart = headEnd + HEAD_END.length;
      byte[] a = in.array();
      if (headEnd < STATUS_OFFSET + 3 || a[0] != 'H' || a[STATUS_OFFSET - 1] != ' ') {
        throw new IOException("not an HTTP/1.x answer");
      }
      int status = 0;
      for (int i = STATUS_OFFSET; i < STATUS_OFFSET + 3; i++) {
        if (a[i] < '0' || a[i] > '9') {
          throw new IOException("not an HTTP/1.x status");
        }
        status = status * 10 + (a[i] - '0');
      }
      long length = contentLength(a, headEnd);
      int have = in.position() - bodyStart;
      if (have > length) {
        throw new IOException("more bytes than Content-Length (pipelining is not used)");
      }
      if (keepBody) {
        body = new byte[(int) length];
        System.arraycopy(in.array(), bodyStart, body, 0, have);
        ByteBuffer rest = ByteBuffer.wrap(body, have, (int) length - have);
        while (rest.hasRemaining()) {
          if (ch.read(rest) < 0) {
            throw new IOException("connection closed inside the body");
          }
        }
      } else {
        long left = length - have;
        while (left > 0) {
          in.clear();
          in.limit((int) Math.min(in.capacity(), left));
          int n = ch.read(in);
          if (n < 0) {
            throw new IOException("connection closed inside the body");
          }
          left -= n;
        }
      }
      return status;
    }

    /** The value of the {@code Content-Length} line of the head {@code a[0, end)}. */
    private static long contentLength(byte[] a, int end) throws IOException {
      for (int i = 0; i < end; i++) {
        if (a[i] == '\n' && startsWithIgnoreCase(a, i + 1, end, CONTENT_LENGTH)) {
          long n = 0;
          int digits = 0;
          for (int j = i + 1 + CONTENT_LENGTH.length(); j < end && a[j] != '\r'; j++) {
            if (a[j] == ' ') {
              continue;
            }
            if (a[j] < '0' || a[j] > '9' || ++digits > 9) {
              throw new IOException("bad Content-Length");
            }
            n = n * 10 + (a[j] - '0');
          }
          if (digits == 0 || n > MAX_BODY_BYTES) {
            throw new IOException("Content-Length missing or out of range");
          }
          return n;
        }
      }
      throw new IOException("answer without Content-Length");
    }

    private static boolean startsWithIgnoreCase(byte[] a, int from, int end, String lower) {
      if (from + lower.length() > end) {
        return false;
      }
      for (int k = 0; k < lower.length(); k++) {
        if (Character.toLowerCase((char) a[from + k]) != lower.charAt(k)) {
          return false;
        }
      }
      return true;
    }

    private static int indexOf(byte[] a, int end, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= end; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (a[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    @Override
    public void close() {
      try {
        ch.close();
      } catch (IOException e) {
        // closing a loopback connection; nothing to recover
      }
    }
  }
}
