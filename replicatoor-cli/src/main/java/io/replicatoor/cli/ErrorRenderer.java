package io.replicatoor.cli;

import io.replicatoor.attest.policy.PolicyViolationException;
import io.replicatoor.attest.policy.Violation;
import io.replicatoor.chain.QuorumDisagreesException;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.HasErrorCode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine;

/**
 * Maps every failure to a documented exit code. With {@code --json} the error goes to stdout as
 * {@code {"error": CODE, "message": ...}} (plus {@code "violations"} for a policy rejection);
 * otherwise a one-line message goes to stderr. Unexpected exceptions become {@code INTERNAL} with a
 * correlation id; their stack trace is printed to stderr only when {@code REPLICATOOR_DEBUG} is
 * set.
 */
final class ErrorRenderer implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    boolean json = JsonOutput.requested(cl);
    ErrorCode code;
    String message;
    if (ex instanceof HasErrorCode e) {
      code = e.errorCode();
      message = e.getMessage();
    } else if (ex instanceof UsageException u) {
      code = ErrorCode.USAGE;
      message = u.getMessage();
    } else {
      String id = UUID.randomUUID().toString().substring(0, 8);
      code = ErrorCode.INTERNAL;
      message = "internal error (correlation id " + id + ")";
      cl.getErr().println("replicatoor: " + message + ": " + ex.getClass().getName());
      if (System.getenv("REPLICATOOR_DEBUG") != null) {
        ex.printStackTrace(cl.getErr());
      }
    }
    List<Violation> violations =
        ex instanceof PolicyViolationException p ? p.violations() : List.of();
    if (json && ex instanceof QuorumDisagreesException q) {
      // what each endpoint reported, so the one that differs can be seen
      cl.getOut().println(JsonOutput.quorumError(code, message, q.votes()));
      cl.getOut().flush();
      return code.exitClass().exitCode();
    }
    render(cl, json, code, message, violations);
    return code.exitClass().exitCode();
  }

  static void render(CommandLine cl, boolean json, ErrorCode code, String message) {
    render(cl, json, code, message, List.of());
  }

  static void render(
      CommandLine cl, boolean json, ErrorCode code, String rawMessage, List<Violation> violations) {
    String message = oneLine(rawMessage);
    if (json) {
      PrintWriter out = cl.getOut();
      out.println(JsonOutput.error(code, message, violations));
      out.flush();
    } else {
      cl.getErr().println("replicatoor: " + code + ": " + message);
      cl.getErr().flush();
    }
  }

  /**
   * The message as one line: a JSON parser's location tail ({@code at [Source: ...; line: 2,
   * column: 1]}) is cut, other line breaks become spaces.
   */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    String m = message;
    int source = m.indexOf(" at [Source:");
    if (source >= 0) {
      int end = m.indexOf(']', source);
      m = m.substring(0, source) + (end < 0 ? "" : m.substring(end + 1));
    }
    return m.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** Usage errors (picocli parse failures): exit 2, JSON error when {@code --json} was given. */
  static final class Usage implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      boolean json = Arrays.asList(args).contains("--json");
      render(cl, json, ErrorCode.USAGE, ex.getMessage());
      if (!json) {
        cl.usage(cl.getErr());
      }
      return ErrorCode.ExitClass.USAGE.exitCode();
    }
  }
}
