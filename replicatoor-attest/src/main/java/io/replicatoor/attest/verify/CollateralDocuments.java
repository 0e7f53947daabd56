package io.replicatoor.attest.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.collateral.CollateralJson;
import io.replicatoor.attest.quote.Bytes16;
import io.replicatoor.attest.quote.Bytes8;
import io.replicatoor.attest.quote.Fmspc;
import io.replicatoor.attest.quote.PceId;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Strict typed parsing of the signed JSON bodies, done only after their signatures verified
 * (section 3.8 step 5). Every required field must be present with the right type.
 */
final class CollateralDocuments {
  private CollateralDocuments() {}

  static TcbInfo parseTcbInfo(byte[] body) throws ReplicatoorException {
    JsonNode n = read(body, "tcbInfo");
    String id = str(n, "id", "tcbInfo");
    int version = (int) num(n, "version", "tcbInfo", 0, 1000);
    boolean tdx = id.equals("TDX");
    Optional<TcbInfo.TdxModule> module = Optional.empty();
    List<TcbInfo.TdxModuleIdentity> identities = new ArrayList<>();
    if (tdx && n.has("tdxModule")) {
      JsonNode m = obj(n, "tdxModule", "tcbInfo");
      module =
          Optional.of(
              new TcbInfo.TdxModule(
                  Measurement48.of(hex(m, "mrsigner", "tdxModule", 48)),
                  Bytes8.of(hex(m, "attributes", "tdxModule", 8)),
                  Bytes8.of(hex(m, "attributesMask", "tdxModule", 8))));
    }
    if (tdx && n.has("tdxModuleIdentities")) {
      for (JsonNode m : arr(n, "tdxModuleIdentities", "tcbInfo")) {
        identities.add(
            new TcbInfo.TdxModuleIdentity(
                str(m, "id", "tdxModuleIdentities"),
                Measurement48.of(hex(m, "mrsigner", "tdxModuleIdentities", 48)),
                Bytes8.of(hex(m, "attributes", "tdxModuleIdentities", 8)),
                Bytes8.of(hex(m, "attributesMask", "tdxModuleIdentities", 8)),
                isvLevels(m, "tdxModuleIdentities.tcbLevels")));
      }
    }
    List<TcbInfo.Level> levels = new ArrayList<>();
    for (JsonNode l : arr(n, "tcbLevels", "tcbInfo")) {
      JsonNode tcb = obj(l, "tcb", "tcbLevels");
      List<Integer> sgx = components(tcb, "sgxtcbcomponents");
      List<Integer> tdxc = tdx ? components(tcb, "tdxtcbcomponents") : List.of();
      levels.add(
          new TcbInfo.Level(
              sgx,
              (int) num(tcb, "pcesvn", "tcbLevels.tcb", 0, 65535),
              tdxc,
              date(l, "tcbDate", "tcbLevels"),
              str(l, "tcbStatus", "tcbLevels"),
              advisories(l)));
    }
    return new TcbInfo(
        id,
        version,
        date(n, "issueDate", "tcbInfo"),
        date(n, "nextUpdate", "tcbInfo"),
        Fmspc.of(hex(n, "fmspc", "tcbInfo", 6)),
        PceId.of(hex(n, "pceId", "tcbInfo", 2)),
        (int) num(n, "tcbType", "tcbInfo", 0, 255),
        num(n, "tcbEvaluationDataNumber", "tcbInfo", 0, 0xFFFFFFFFL),
        module,
        identities,
        levels);
  }

  static EnclaveIdentity parseEnclaveIdentity(byte[] body) throws ReplicatoorException {
    JsonNode n = read(body, "enclaveIdentity");
    String w = "enclaveIdentity";
    return new EnclaveIdentity(
        str(n, "id", w),
        (int) num(n, "version", w, 0, 1000),
        date(n, "issueDate", w),
        date(n, "nextUpdate", w),
        num(n, "tcbEvaluationDataNumber", w, 0, 0xFFFFFFFFL),
        le32(hex(n, "miscselect", w, 4)),
        le32(hex(n, "miscselectMask", w, 4)),
        Bytes16.of(hex(n, "attributes", w, 16)),
        Bytes16.of(hex(n, "attributesMask", w, 16)),
        Bytes32.of(hex(n, "mrsigner", w, 32)),
        (int) num(n, "isvprodid", w, 0, 65535),
        isvLevels(n, "enclaveIdentity.tcbLevels"));
  }

  /** Step 29: the JSON hex is a little-endian u32. */
  private static long le32(byte[] b) {
    return (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
  }

  private static List<TcbInfo.IsvLevel> isvLevels(JsonNode n, String where)
      throws ReplicatoorException {
    List<TcbInfo.IsvLevel> out = new ArrayList<>();
    for (JsonNode l : arr(n, "tcbLevels", where)) {
      JsonNode tcb = obj(l, "tcb", where);
      out.add(
          new TcbInfo.IsvLevel(
              (int) num(tcb, "isvsvn", where + ".tcb", 0, 65535),
              date(l, "tcbDate", where),
              str(l, "tcbStatus", where),
              advisories(l)));
    }
    return out;
  }

  private static List<Integer> components(JsonNode tcb, String field) throws ReplicatoorException {
    JsonNode a = arr(tcb, field, "tcbLevels.tcb");
    if (a.size() != 16) {
      throw bad("tcbLevels.tcb." + field + " has " + a.size() + " entries, expected 16");
    }
    List<Integer> out = new ArrayList<>(16);
    for (JsonNode c : a) {
      if (!c.isObject()) {
        throw bad("tcbLevels.tcb." + field + " entry is not an object");
      }
      out.add((int) num(c, "svn", field, 0, 255));
    }
    return out;
  }

  private static List<String> advisories(JsonNode l) throws ReplicatoorException {
    if (!l.has("advisoryIDs")) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonNode a : arr(l, "advisoryIDs", "tcbLevels")) {
      if (!a.isTextual()) {
        throw bad("advisoryIDs entry is not a string");
      }
      out.add(a.textValue());
    }
    return out;
  }

  private static JsonNode read(byte[] body, String what) throws ReplicatoorException {
    try {
      JsonNode n = CollateralJson.parser().read(body);
      if (n == null || !n.isObject()) {
        throw bad(what + " is not a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw bad(what + " is not strict JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw bad(what + " cannot be read");
    }
  }

  private static JsonNode field(JsonNode n, String f, String where) throws ReplicatoorException {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) {
      throw bad(where + "." + f + " is missing");
    }
    return v;
  }

  private static JsonNode obj(JsonNode n, String f, String where) throws ReplicatoorException {
    return typed(n, f, where, JsonNode::isObject, "an object");
  }

  private static JsonNode arr(JsonNode n, String f, String where) throws ReplicatoorException {
    return typed(n, f, where, JsonNode::isArray, "an array");
  }

  private static String str(JsonNode n, String f, String where) throws ReplicatoorException {
    return typed(n, f, where, JsonNode::isTextual, "a string").textValue();
  }

  /** The field {@code f}, which must be present and pass {@code is} ("is not {@code kind}"). */
  private static JsonNode typed(
      JsonNode n, String f, String where, Predicate<JsonNode> is, String kind)
      throws ReplicatoorException {
    JsonNode v = field(n, f, where);
    if (!is.test(v)) {
      throw bad(where + "." + f + " is not " + kind);
    }
    return v;
  }

  private static long num(JsonNode n, String f, String where, long min, long max)
      throws ReplicatoorException {
    JsonNode v = field(n, f, where);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw bad(where + "." + f + " is not an integer");
    }
    long x = v.longValue();
    if (x < min || x > max) {
      throw bad(where + "." + f + " = " + x + " is outside " + min + ".." + max);
    }
    return x;
  }

  private static byte[] hex(JsonNode n, String f, String where, int len)
      throws ReplicatoorException {
    String s = str(n, f, where);
    if (s.length() != 2 * len) {
      throw bad(where + "." + f + " must be " + len + " bytes of hex");
    }
    try {
      return HexFormat.of().parseHex(s);
    } catch (IllegalArgumentException e) {
      throw bad(where + "." + f + " is not hex");
    }
  }

  private static Instant date(JsonNode n, String f, String where) throws ReplicatoorException {
    String s = str(n, f, where);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw bad(where + "." + f + " is not an RFC 3339 UTC timestamp");
    }
  }

  private static ReplicatoorException bad(String msg) {
    return new ReplicatoorException(ErrorCode.COLLATERAL_MALFORMED, msg);
  }
}
