package io.replicatoor.attest.quote;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Intel SGX extension ({@code 1.2.840.113741.1.13.1}) of a PCK leaf certificate (section 2).
 * SVNs are unsigned: 255 occurs in real certificates.
 *
 * @param ppid platform provisioning id (16 bytes)
 * @param sgxTcbComponents the 16 SGX TCB component SVNs (0..255), used for TCB level matching
 * @param pceSvn PCE SVN (0..65535)
 * @param cpuSvn the CPUSVN octets (informational; Intel matches on the components)
 * @param pceId PCE id
 * @param fmspc FMSPC
 * @param sgxType SGX type (0 standard, 1 scalable, ...)
 * @param platformInstanceId present on Platform-CA certificates only
 * @param configuration present on Platform-CA certificates only
 */
public record PckExtensions(
    Bytes16 ppid,
    List<Integer> sgxTcbComponents,
    int pceSvn,
    Bytes16 cpuSvn,
    PceId pceId,
    Fmspc fmspc,
    int sgxType,
    Optional<Bytes16> platformInstanceId,
    Optional<Configuration> configuration) {

  /** OID of the SGX extension. */
  public static final String SGX_EXTENSION_OID = "1.2.840.113741.1.13.1";

  public PckExtensions {
    sgxTcbComponents = List.copyOf(sgxTcbComponents);
    if (sgxTcbComponents.size() != 16) {
      throw new IllegalArgumentException("16 SGX TCB components required");
    }
  }

  /** SGX TCB component {@code i} (0..15). */
  public int sgxTcbComponent(int i) {
    return sgxTcbComponents.get(i);
  }

  /**
   * The Platform-CA configuration flags ({@code .7.1}-{@code .7.3}; names per Intel, unconfirmed).
   *
   * @param dynamicPlatform {@code .7.1}
   * @param cachedKeys {@code .7.2}
   * @param smtEnabled {@code .7.3}
   */
  public record Configuration(
      Optional<Boolean> dynamicPlatform,
      Optional<Boolean> cachedKeys,
      Optional<Boolean> smtEnabled) {}

  /**
   * Reads the SGX extension of {@code cert}.
   *
   * @throws ReplicatoorException {@code PCK_CHAIN_INVALID} when it is missing or malformed
   */
  public static PckExtensions parse(X509Certificate cert) throws ReplicatoorException {
    byte[] ext = cert.getExtensionValue(SGX_EXTENSION_OID);
    if (ext == null) {
      throw new ReplicatoorException(
          ErrorCode.PCK_CHAIN_INVALID, "PCK leaf has no SGX extension " + SGX_EXTENSION_OID);
    }
    try {
      return parseExtensionValue(ext);
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(
          ErrorCode.PCK_CHAIN_INVALID, "PCK leaf SGX extension malformed: " + e.getMessage());
    }
  }

  /**
   * Parses {@code getExtensionValue} output: an OCTET STRING wrapping the SEQUENCE (pitfall 9.6).
   */
  static PckExtensions parseExtensionValue(byte[] ext) {
    DerReader outer = new DerReader(ext, 0, ext.length);
    DerReader.Tlv octets = outer.expect(DerReader.TAG_OCTET_STRING, "extension wrapper");
    if (outer.hasMore()) {
      throw new IllegalArgumentException("bytes after extension wrapper");
    }
    DerReader top = octets.contents();
    DerReader.Tlv seq = top.expect(DerReader.TAG_SEQUENCE, "SGX extension");
    if (top.hasMore()) {
      throw new IllegalArgumentException("bytes after SGX extension sequence");
    }
    DerReader entries = seq.contents();
    Set<String> seen = new HashSet<>();
    Bytes16 ppid = null;
    List<Integer> comps = null;
    Integer pceSvn = null;
    Bytes16 cpuSvn = null;
    PceId pceId = null;
    Fmspc fmspc = null;
    Integer sgxType = null;
    Bytes16 pii = null;
    Configuration config = null;
    while (entries.hasMore()) {
      DerReader entry = entries.expect(DerReader.TAG_SEQUENCE, "SGX extension entry").contents();
      String oid = DerReader.oid(entry.expect(DerReader.TAG_OID, "entry OID"));
      if (!seen.add(oid)) {
        throw new IllegalArgumentException("duplicate entry " + oid);
      }
      String suffix =
          oid.startsWith(SGX_EXTENSION_OID + ".")
              ? oid.substring(SGX_EXTENSION_OID.length() + 1)
              : "";
      switch (suffix) {
        case "1" -> ppid = Bytes16.of(octets(entry, 16, "PPID"));
        case "2" -> {
          DerReader tcb = entry.expect(DerReader.TAG_SEQUENCE, "TCB").contents();
          Integer[] c = new Integer[16];
          Set<String> tcbSeen = new HashSet<>();
          while (tcb.hasMore()) {
            DerReader comp = tcb.expect(DerReader.TAG_SEQUENCE, "TCB entry").contents();
            String coid = DerReader.oid(comp.expect(DerReader.TAG_OID, "TCB entry OID"));
            if (!tcbSeen.add(coid)) {
              throw new IllegalArgumentException("duplicate TCB entry " + coid);
            }
            String prefix = SGX_EXTENSION_OID + ".2.";
            if (!coid.startsWith(prefix)) {
              throw new IllegalArgumentException("unexpected TCB entry " + coid);
            }
            int idx;
            try {
              idx = Integer.parseInt(coid.substring(prefix.length()));
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("unexpected TCB entry " + coid);
            }
            if (idx >= 1 && idx <= 16) {
              c[idx - 1] =
                  DerReader.unsigned(
                      comp.expect(DerReader.TAG_INTEGER, "component " + idx),
                      255,
                      "SGX component " + idx);
            } else if (idx == 17) {
              pceSvn =
                  DerReader.unsigned(comp.expect(DerReader.TAG_INTEGER, "PCESVN"), 65535, "PCESVN");
            } else if (idx == 18) {
              cpuSvn = Bytes16.of(octets(comp, 16, "CPUSVN"));
            } else {
              throw new IllegalArgumentException("unexpected TCB entry " + coid);
            }
            if (comp.hasMore()) {
              throw new IllegalArgumentException("extra data in TCB entry " + coid);
            }
          }
          comps = new ArrayList<>();
          for (int i = 0; i < 16; i++) {
            if (c[i] == null) {
              throw new IllegalArgumentException("TCB component " + (i + 1) + " missing");
            }
            comps.add(c[i]);
          }
          if (pceSvn == null || cpuSvn == null) {
            throw new IllegalArgumentException("PCESVN or CPUSVN missing in TCB");
          }
        }
        case "3" -> pceId = PceId.of(octets(entry, 2, "PCE-ID"));
        case "4" -> fmspc = Fmspc.of(octets(entry, 6, "FMSPC"));
        case "5" ->
            sgxType =
                DerReader.unsigned(
                    entry.expect(DerReader.TAG_ENUMERATED, "SGX type"), 255, "SGX type");
        case "6" -> pii = Bytes16.of(octets(entry, 16, "platform instance id"));
        case "7" -> {
          DerReader cfg = entry.expect(DerReader.TAG_SEQUENCE, "configuration").contents();
          Boolean[] flags = new Boolean[3];
          while (cfg.hasMore()) {
            DerReader item = cfg.expect(DerReader.TAG_SEQUENCE, "configuration entry").contents();
            String coid = DerReader.oid(item.expect(DerReader.TAG_OID, "configuration OID"));
            String prefix = SGX_EXTENSION_OID + ".7.";
            int idx = coid.startsWith(prefix) ? parseSmall(coid.substring(prefix.length())) : -1;
            if (idx < 1 || idx > 3) {
              throw new IllegalArgumentException("unexpected configuration entry " + coid);
            }
            if (flags[idx - 1] != null) {
              throw new IllegalArgumentException("duplicate configuration entry " + coid);
            }
            flags[idx - 1] = DerReader.bool(item.expect(DerReader.TAG_BOOLEAN, coid), coid);
          }
          config =
              new Configuration(
                  Optional.ofNullable(flags[0]),
                  Optional.ofNullable(flags[1]),
                  Optional.ofNullable(flags[2]));
        }
        default -> throw new IllegalArgumentException("unknown SGX extension entry " + oid);
      }
      if (entry.hasMore()) {
        throw new IllegalArgumentException("extra data in entry " + oid);
      }
    }
    if (ppid == null || comps == null || pceId == null || fmspc == null || sgxType == null) {
      throw new IllegalArgumentException("required entries .1-.5 missing");
    }
    return new PckExtensions(
        ppid,
        comps,
        pceSvn,
        cpuSvn,
        pceId,
        fmspc,
        sgxType,
        Optional.ofNullable(pii),
        Optional.ofNullable(config));
  }

  private static int parseSmall(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static byte[] octets(DerReader r, int len, String what) {
    DerReader.Tlv t = r.expect(DerReader.TAG_OCTET_STRING, what);
    if (t.length() != len) {
      throw new IllegalArgumentException(what + " must be " + len + " bytes, got " + t.length());
    }
    return t.value();
  }
}
