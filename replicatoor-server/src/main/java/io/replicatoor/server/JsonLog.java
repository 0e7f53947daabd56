package io.replicatoor.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Structured logs: one JSON object per line ({@code ts}, {@code level}, {@code event}, then the
 * event's fields). Callers pass public fields only: route, status, error code, sizes, timings and
 * SHA-256 hashes of protocol messages; never a body, a key or an API key (threat-model.md P11.4).
 */
public final class JsonLog {
  private static final ObjectMapper WRITER = new ObjectMapper();

  private final Consumer<String> sink;
  private final Clock clock;

  /** A log writing to {@code out}. */
  public JsonLog(PrintStream out, Clock clock) {
    this(line -> printTo(out, line), clock);
    Objects.requireNonNull(out);
  }

  /** A log writing to {@code out}. */
  public JsonLog(PrintWriter out, Clock clock) {
    this(line -> printTo(out, line), clock);
    Objects.requireNonNull(out);
  }

  private JsonLog(Consumer<String> sink, Clock clock) {
    this.sink = sink;
    this.clock = Objects.requireNonNull(clock);
  }

  private static void printTo(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  private static void printTo(PrintWriter out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** Logs an informational event. */
  public void info(String event, Map<String, ?> fields) {
    write("info", event, fields);
  }

  /** Logs a warning. */
  public void warn(String event, Map<String, ?> fields) {
    write("warn", event, fields);
  }

  /** Logs an error. */
  public void error(String event, Map<String, ?> fields) {
    write("error", event, fields);
  }

  private void write(String level, String event, Map<String, ?> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("ts", clock.instant().toString());
    line.put("level", level);
    line.put("event", event);
    line.putAll(fields);
    String text;
    try {
      text = WRITER.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      text = "{\"level\":\"error\",\"event\":\"log-unwritable\"}";
    }
    sink.accept(text);
  }
}
