package io.replicatoor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.policy.Violation;
import io.replicatoor.chain.EndpointVote;
import io.replicatoor.core.ErrorCode;
import java.util.List;
import picocli.CommandLine;

/** JSON rendering shared by all commands: one object per invocation on stdout. */
public final class JsonOutput {
  private JsonOutput() {}

  /** Created on first use: a command that prints no JSON does not pay for a mapper. */
  private static final class Holder {
    static final ObjectMapper MAPPER =
        new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  /** The shared mapper (order of record components is preserved). */
  public static ObjectMapper mapper() {
    return Holder.MAPPER;
  }

  /** One-line JSON for {@code value}. */
  public static String write(Object value) {
    try {
      return mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code {"error": CODE, "message": ...}}. */
  public static String error(ErrorCode code, String message) {
    ObjectNode n = mapper().createObjectNode();
    n.put("error", code.name());
    n.put("message", message);
    return write(n);
  }

  /**
   * {@code {"error": CODE, "message": ...}} plus {@code "violations": [{"rule", "detail"}, ...]}
   * when {@code violations} is not empty.
   */
  static String error(ErrorCode code, String message, List<Violation> violations) {
    ObjectNode n = mapper().createObjectNode();
    n.put("error", code.name());
    n.put("message", message);
    if (!violations.isEmpty()) {
      ArrayNode a = n.putArray("violations");
      for (Violation v : violations) {
        a.addObject().put("rule", v.rule()).put("detail", v.detail());
      }
    }
    return write(n);
  }

  /**
   * {@code QUORUM_DISAGREES} with {@code "votes": [{"endpoint", "number", "hash", "outcome"},
   * ...]}: what each endpoint reported ({@code number} and {@code hash} are null without a header).
   */
  static String quorumError(ErrorCode code, String message, List<EndpointVote> votes) {
    ObjectNode n = mapper().createObjectNode();
    n.put("error", code.name());
    n.put("message", message);
    ArrayNode a = n.putArray("votes");
    for (EndpointVote v : votes) {
      ObjectNode o = a.addObject();
      o.put("endpoint", v.endpoint());
      if (v.number().isPresent()) {
        o.put("number", v.number().getAsLong());
      } else {
        o.putNull("number");
      }
      o.put("hash", v.hash().map(h -> h.toPrefixedHex()).orElse(null));
      o.put("outcome", v.outcome());
    }
    return write(n);
  }

  /** True when the executing (sub)command has an option {@code --json} that was set. */
  static boolean requested(CommandLine cl) {
    CommandLine.Model.OptionSpec opt = cl.getCommandSpec().findOption("--json");
    if (opt == null) {
      return false;
    }
    Object v = opt.getValue();
    return v instanceof Boolean b && b;
  }
}
