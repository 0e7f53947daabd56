package io.replicatoor.attest.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.attest.quote.DerTlv;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.quote.QuoteFormatException;
import io.replicatoor.attest.quote.QuoteLayout;
import io.replicatoor.attest.quote.QuoteOffsets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deterministic mutants of the real vectors: bit flips in every quote region, DER flips in every
 * certificate and CRL (in the quote and in the collateral), collateral JSON and signature flips,
 * truncations and extensions, dropped fields, and ±1 s around every validity boundary.
 *
 * <p>Per-byte flips change one bit per byte ({@link #bitFor}); length and type fields get all eight
 * bits. Names are stable: they depend only on the vector bytes.
 */
final class Mutants {
  /** Vectors mutated: TDX v4 (v01, v05) and SGX v3 (v08). */
  static final List<String> VECTORS =
      List.of(
          "v01-tdx-v4-uptodate-b0c06f",
          "v05-tdx-v4-outofdate-00806f05-2506",
          "v08-sgx-v3-config-and-sw-hardening-00a067");

  /** Collateral fields holding PEM certificate chains. */
  static final List<String> CHAIN_FIELDS =
      List.of("pck_crl_issuer_chain", "tcb_info_issuer_chain", "qe_identity_issuer_chain");

  /** Collateral fields holding hex DER CRLs. */
  static final List<String> CRL_FIELDS = List.of("root_ca_crl", "pck_crl");

  /** Collateral fields holding signed JSON text. */
  static final List<String> JSON_FIELDS = List.of("tcb_info", "qe_identity");

  /** Collateral fields holding hex r||s signatures. */
  static final List<String> SIGNATURE_FIELDS =
      List.of("tcb_info_signature", "qe_identity_signature");

  /** Categories of mutants that flip one bit per byte: the ones the sample thins out. */
  static final String PER_BYTE = " bit flip";

  /** Categories of mutants that flip every bit of a length or type field. */
  static final String FIELD_BITS = " field bits";

  private static final int JSON_EVERY_BYTE_LIMIT = 1024;
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] QUOTE_CERT_NAMES = {"pck-leaf", "pck-ca", "root"};

  private final List<Mutant> out = new ArrayList<>();

  private Mutants() {}

  /** All mutants of all {@link #VECTORS}, in a fixed order. */
  static List<Mutant> all() {
    Mutants m = new Mutants();
    for (String v : VECTORS) {
      m.vector(VectorBase.load(v));
    }
    Map<String, Mutant> byName = new LinkedHashMap<>();
    for (Mutant x : m.out) {
      if (byName.put(x.name(), x) != null) {
        throw new IllegalStateException("duplicate mutant name " + x.name());
      }
    }
    return List.copyOf(byName.values());
  }

  /**
   * The deterministic sample run by {@code ./mvnw verify}: every structural mutant (truncations,
   * extensions, padding, unused bits, dropped fields), one mutant per distinct boundary time, bits
   * 0 and 7 of every length and type field byte except the QE auth data length, and the per-byte
   * flips whose name's SHA-256 falls below {@code perMille}.
   */
  static List<Mutant> sample(List<Mutant> all, int perMille) {
    List<Mutant> s = new ArrayList<>();
    Set<String> times = new HashSet<>();
    for (Mutant m : all) {
      boolean keep;
      if (m.target() == null) {
        // Time-only mutants: one per distinct instant (the root and the TCB Signing certificate
        // appear in several chains with the same bounds).
        keep = times.add(m.base().id() + "@" + m.at());
      } else if (m.category().endsWith(PER_BYTE)) {
        keep = hashPerMille(m.name()) < perMille;
      } else if (m.category().endsWith(FIELD_BITS)) {
        // Bits 1..6 of a length field mostly ask the peer for a huge allocation (seconds each), and
        // so does any change of the QE auth data length (the peer then reads a PEM byte as a size).
        keep =
            (m.name().endsWith("/bit0") || m.name().endsWith("/bit7"))
                && !m.category().contains("qe-auth-len");
      } else {
        keep = true;
      }
      if (keep) {
        s.add(m);
      }
    }
    return s;
  }

  private static int hashPerMille(String name) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return (int) (Integer.toUnsignedLong(ByteBuffer.wrap(h).getInt()) % 1000);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bit flipped at byte {@code i} of a per-byte table: cycles through all eight. */
  static int bitFor(int i) {
    return (i * 3 + 1) % 8;
  }

  private void vector(VectorBase b) {
    Quote q;
    try {
      q = Quote.parse(b.quote());
    } catch (QuoteFormatException e) {
      throw new IllegalStateException(b.vector() + " does not parse", e);
    }
    QuoteOffsets o = q.offsets();
    out.add(Mutant.atTime(b.id() + "/original", "original", b, b.at()));
    quoteRegions(b, q, o);
    quoteLayoutChanges(b, o);
    quoteCertificates(b, o);
    for (String f : CHAIN_FIELDS) {
      chainField(b, f);
    }
    for (String f : CRL_FIELDS) {
      byte[] der = HEX.parseHex(b.collateral().get(f));
      for (DerMutation d : derMutations(der)) {
        add(
            b,
            b.id() + "/" + f + "/" + d.name,
            f + " " + d.category,
            f,
            Der.utf8(b.collateral().get(f)),
            Der.utf8(HEX.formatHex(d.der)));
      }
    }
    for (String f : JSON_FIELDS) {
      jsonField(b, f);
    }
    for (String f : SIGNATURE_FIELDS) {
      signatureField(b, f);
    }
    for (String f : b.collateral().keySet()) {
      out.add(Mutant.drop(b.id() + "/" + f + "/drop", "collateral field dropped", b, f));
    }
    boundaries(b, o);
  }

  // ---- the quote ----

  private record Region(String name, int from, int to, boolean allBits) {}

  private void quoteRegions(VectorBase b, Quote q, QuoteOffsets o) {
    int s = o.signatureDataOffset();
    List<Region> regions = new ArrayList<>();
    regions.add(new Region("header", 0, QuoteLayout.HEADER_SIZE, false));
    if (q.version() == QuoteLayout.VERSION_5) {
      regions.add(
          new Region(
              "v5-descriptor", QuoteLayout.V5_BODY_TYPE_OFFSET, QuoteLayout.V5_BODY_OFFSET, true));
    }
    regions.add(new Region("body", o.bodyOffset(), o.bodyOffset() + o.bodySize(), false));
    regions.add(new Region("sig-data-len", o.signedLength(), s, true));
    regions.add(new Region("quote-sig", s, s + QuoteLayout.ECDSA_SIGNATURE_SIZE, false));
    regions.add(
        new Region(
            "att-key",
            s + QuoteLayout.SIG_ATTESTATION_KEY_REL,
            s + QuoteLayout.SIG_ATTESTATION_KEY_REL + QuoteLayout.ECDSA_PUBLIC_KEY_SIZE,
            false));
    if (o.qeReportOffset() > s + QuoteLayout.SIG_OUTER_CERT_TYPE_REL) {
      regions.add(
          new Region(
              "outer-cert-type",
              s + QuoteLayout.SIG_OUTER_CERT_TYPE_REL,
              s + QuoteLayout.SIG_OUTER_CERT_SIZE_REL,
              true));
      regions.add(
          new Region(
              "outer-cert-size",
              s + QuoteLayout.SIG_OUTER_CERT_SIZE_REL,
              o.qeReportOffset(),
              true));
    }
    regions.add(new Region("qe-report", o.qeReportOffset(), o.qeReportSignatureOffset(), false));
    int authLen = o.qeAuthDataOffset() - QuoteLayout.QE_AUTH_SIZE_SIZE;
    regions.add(new Region("qe-report-sig", o.qeReportSignatureOffset(), authLen, false));
    regions.add(new Region("qe-auth-len", authLen, o.qeAuthDataOffset(), true));
    int authEnd = o.qeAuthDataOffset() + o.qeAuthDataSize();
    regions.add(new Region("qe-auth-data", o.qeAuthDataOffset(), authEnd, false));
    regions.add(new Region("cert-type", authEnd, authEnd + QuoteLayout.CERT_TYPE_SIZE, true));
    regions.add(
        new Region(
            "cert-size", authEnd + QuoteLayout.CERT_TYPE_SIZE, o.certificationDataOffset(), true));
    int pemEnd = o.certificationDataOffset() + o.certificationDataSize();
    if (pemEnd != o.signatureDataEnd()) {
      throw new IllegalStateException(b.id() + ": certification data does not end the signature");
    }
    if (o.trailingBytes() > 0) {
      // The trailing bytes are never read: their first and last bytes stand for all of them.
      regions.add(new Region("trailing", pemEnd, pemEnd + 1, false));
      regions.add(new Region("trailing", b.quote().length - 1, b.quote().length, false));
    }
    for (Region r : regions) {
      for (int i = r.from; i < r.to; i++) {
        if (r.allBits) {
          for (int bit = 0; bit < 8; bit++) {
            flipQuote(b, r.name, i, bit, "quote " + r.name + FIELD_BITS);
          }
        } else {
          flipQuote(b, r.name, i, bitFor(i), "quote " + r.name + PER_BYTE);
        }
      }
    }
    // The PEM text itself (not its DER): the BEGIN line and the terminating NUL.
    flipQuote(b, "pem", o.certificationDataOffset(), 0, "quote pem text");
    flipQuote(b, "pem", o.certificationDataOffset() + 5, 5, "quote pem text");
    flipQuote(b, "pem", pemEnd - 1, 0, "quote pem text");
  }

  private void flipQuote(VectorBase b, String region, int i, int bit, String category) {
    byte[] m = b.quote().clone();
    m[i] ^= (byte) (1 << bit);
    add(
        b,
        String.format(Locale.ROOT, "%s/quote/%s/0x%x/bit%d", b.id(), region, i, bit),
        category,
        Mutant.QUOTE,
        b.quote(),
        m);
  }

  private void quoteLayoutChanges(VectorBase b, QuoteOffsets o) {
    byte[] q = b.quote();
    int s = o.signatureDataOffset();
    TreeSet<Integer> cuts =
        new TreeSet<>(
            List.of(
                0,
                1,
                QuoteLayout.HEADER_SIZE - 1,
                QuoteLayout.HEADER_SIZE,
                o.bodyOffset() + 1,
                o.signedLength() - 1,
                o.signedLength(),
                s - 1,
                s,
                s + QuoteLayout.ECDSA_SIGNATURE_SIZE,
                s + QuoteLayout.SIG_ATTESTATION_KEY_REL + QuoteLayout.ECDSA_PUBLIC_KEY_SIZE,
                o.qeReportOffset(),
                o.qeReportSignatureOffset(),
                o.qeAuthDataOffset() - 1,
                o.qeAuthDataOffset(),
                o.certificationDataOffset() - 1,
                o.certificationDataOffset(),
                o.certificationDataOffset() + o.certificationDataSize() / 2,
                o.signatureDataEnd() - 1,
                o.signatureDataEnd(),
                q.length - 1));
    for (int len : cuts) {
      if (len < q.length) {
        add(
            b,
            b.id() + "/quote/truncate/" + len,
            "quote truncation",
            Mutant.QUOTE,
            q,
            Arrays.copyOf(q, len));
      }
    }
    int[] appended = {1, 2, 1024, QuoteLayout.MAX_QUOTE_SIZE};
    for (int n : appended) {
      for (int fill : new int[] {0x00, 0xff}) {
        byte[] m = Arrays.copyOf(q, q.length + n);
        Arrays.fill(m, q.length, m.length, (byte) fill);
        add(
            b,
            String.format(Locale.ROOT, "%s/quote/append/%d/%02x", b.id(), n, fill),
            "quote extension",
            Mutant.QUOTE,
            q,
            m);
      }
    }
    // Consistent re-layouts: every enclosing length updated, so parsers reach the changed part.
    byte[] auth =
        Arrays.copyOfRange(q, o.qeAuthDataOffset(), o.qeAuthDataOffset() + o.qeAuthDataSize());
    byte[] pem = Arrays.copyOfRange(q, o.certificationDataOffset(), o.signatureDataEnd());
    for (int n : new int[] {0, 1, 31, 33, 64}) {
      byte[] a = Arrays.copyOf(auth, n);
      add(
          b,
          b.id() + "/quote/qe-auth-data/resize/" + n,
          "quote qe-auth-data resized",
          Mutant.QUOTE,
          q,
          relayout(q, o, a, pem));
    }
    // Bytes after the PEM inside the declared certification data.
    for (int n : new int[] {1, 64}) {
      byte[] p = Arrays.copyOf(pem, pem.length + n);
      add(
          b,
          b.id() + "/quote/pem/append/" + n,
          "quote pem extension",
          Mutant.QUOTE,
          q,
          relayout(q, o, auth, p));
    }
  }

  /** The quote with new QE auth data and certification data, all lengths updated. */
  static byte[] relayout(byte[] q, QuoteOffsets o, byte[] auth, byte[] pem) {
    int s = o.signatureDataOffset();
    int authLen = o.qeAuthDataOffset() - QuoteLayout.QE_AUTH_SIZE_SIZE;
    int authEnd = o.qeAuthDataOffset() + o.qeAuthDataSize();
    byte[] trailing = Arrays.copyOfRange(q, o.signatureDataEnd(), q.length);
    ByteBuffer buf =
        ByteBuffer.allocate(
                authLen
                    + QuoteLayout.QE_AUTH_SIZE_SIZE
                    + auth.length
                    + QuoteLayout.CERT_TYPE_SIZE
                    + QuoteLayout.CERT_SIZE_SIZE
                    + pem.length
                    + trailing.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    buf.put(q, 0, authLen);
    buf.putShort((short) auth.length);
    buf.put(auth);
    buf.put(q, authEnd, QuoteLayout.CERT_TYPE_SIZE);
    buf.putInt(pem.length);
    buf.put(pem);
    int sigEnd = buf.position();
    buf.put(trailing);
    buf.putInt(o.signedLength(), sigEnd - s);
    if (o.qeReportOffset() > s + QuoteLayout.SIG_OUTER_CERT_TYPE_REL) {
      buf.putInt(s + QuoteLayout.SIG_OUTER_CERT_SIZE_REL, sigEnd - o.qeReportOffset());
    }
    return buf.array();
  }

  private void quoteCertificates(VectorBase b, QuoteOffsets o) {
    byte[] q = b.quote();
    String pem =
        new String(
            q, o.certificationDataOffset(), o.certificationDataSize(), StandardCharsets.ISO_8859_1);
    byte[] auth =
        Arrays.copyOfRange(q, o.qeAuthDataOffset(), o.qeAuthDataOffset() + o.qeAuthDataSize());
    List<Der.PemBlock> blocks = Der.pemBlocks(pem);
    for (int c = 0; c < blocks.size(); c++) {
      Der.PemBlock blk = blocks.get(c);
      String who = c < QUOTE_CERT_NAMES.length ? QUOTE_CERT_NAMES[c] : "cert" + c;
      for (DerMutation d : derMutations(blk.der())) {
        byte[] newPem = blk.replace(pem, d.der).getBytes(StandardCharsets.ISO_8859_1);
        add(
            b,
            b.id() + "/quote/" + who + "/" + d.name,
            "quote " + who + " " + d.category,
            Mutant.QUOTE,
            q,
            relayout(q, o, auth, newPem));
      }
      for (int pad : blk.paddingOffsets(pem)) {
        for (char ch : new char[] {'9', '5'}) {
          byte[] m = q.clone();
          m[o.certificationDataOffset() + pad] = (byte) ch;
          add(
              b,
              String.format(
                  Locale.ROOT, "%s/quote/%s/pem/pad@%d/%c", b.id(), who, pad - blk.bodyStart(), ch),
              "quote " + who + " PEM padding",
              Mutant.QUOTE,
              q,
              m);
        }
      }
    }
  }

  // ---- the collateral ----

  private void chainField(VectorBase b, String f) {
    String text = b.collateral().get(f);
    List<Der.PemBlock> blocks = Der.pemBlocks(text);
    for (int c = 0; c < blocks.size(); c++) {
      Der.PemBlock blk = blocks.get(c);
      String who = f + "/cert" + c;
      for (DerMutation d : derMutations(blk.der())) {
        add(
            b,
            b.id() + "/" + who + "/" + d.name,
            f + " cert" + c + " " + d.category,
            f,
            Der.utf8(text),
            Der.utf8(blk.replace(text, d.der)));
      }
      for (int pad : blk.paddingOffsets(text)) {
        for (char ch : new char[] {'9', '5'}) {
          String m = text.substring(0, pad) + ch + text.substring(pad + 1);
          add(
              b,
              String.format(
                  Locale.ROOT, "%s/%s/pem/pad@%d/%c", b.id(), who, pad - blk.bodyStart(), ch),
              f + " cert" + c + " PEM padding",
              f,
              Der.utf8(text),
              Der.utf8(m));
        }
      }
    }
    add(
        b,
        b.id() + "/" + f + "/drop-last-cert",
        f + " structure",
        f,
        Der.utf8(text),
        Der.utf8(
            text.substring(0, blocks.get(blocks.size() - 1).bodyStart())
                .replaceAll("-----BEGIN CERTIFICATE-----\n?$", "")));
  }

  private void jsonField(VectorBase b, String f) {
    byte[] text = Der.utf8(b.collateral().get(f));
    // Every byte of the short QE identity; every third byte of the long TCB info (each flip there
    // only breaks the raw-bytes signature, and byte-for-byte coverage would double the run).
    int stride = text.length > JSON_EVERY_BYTE_LIMIT ? 3 : 1;
    for (int i = 0; i < text.length; i += stride) {
      // Bits 0..6 only: the value stays ASCII, so both peers see the same string.
      int bit = (i * 3 + 1) % 7;
      byte[] m = text.clone();
      m[i] ^= (byte) (1 << bit);
      add(
          b,
          String.format(Locale.ROOT, "%s/%s/0x%x/bit%d", b.id(), f, i, bit),
          f + PER_BYTE,
          f,
          text,
          m);
    }
    add(
        b,
        b.id() + "/" + f + "/truncate/1",
        f + " truncation",
        f,
        text,
        Arrays.copyOf(text, text.length - 1));
    add(
        b,
        b.id() + "/" + f + "/append/space",
        f + " extension",
        f,
        text,
        Der.utf8(b.collateral().get(f) + " "));
    add(
        b,
        b.id() + "/" + f + "/prepend/space",
        f + " extension",
        f,
        text,
        Der.utf8(" " + b.collateral().get(f)));
  }

  private void signatureField(VectorBase b, String f) {
    String hex = b.collateral().get(f);
    byte[] sig = HEX.parseHex(hex);
    for (int i = 0; i < sig.length; i++) {
      byte[] m = sig.clone();
      m[i] ^= (byte) (1 << bitFor(i));
      add(
          b,
          String.format(Locale.ROOT, "%s/%s/0x%x/bit%d", b.id(), f, i, bitFor(i)),
          f + PER_BYTE,
          f,
          Der.utf8(hex),
          Der.utf8(HEX.formatHex(m)));
    }
    add(
        b,
        b.id() + "/" + f + "/truncate/1",
        f + " length",
        f,
        Der.utf8(hex),
        Der.utf8(HEX.formatHex(Arrays.copyOf(sig, sig.length - 1))));
    add(b, b.id() + "/" + f + "/append/00", f + " length", f, Der.utf8(hex), Der.utf8(hex + "00"));
    add(
        b,
        b.id() + "/" + f + "/uppercase",
        f + " hex case",
        f,
        Der.utf8(hex),
        Der.utf8(hex.toUpperCase(Locale.ROOT)));
  }

  // ---- DER objects ----

  private record DerMutation(String name, String category, byte[] der) {}

  private static List<DerMutation> derMutations(byte[] der) {
    List<DerMutation> ms = new ArrayList<>();
    for (int i = 0; i < der.length; i++) {
      byte[] m = der.clone();
      m[i] ^= (byte) (1 << bitFor(i));
      ms.add(
          new DerMutation(
              String.format(Locale.ROOT, "der/0x%x/bit%d", i, bitFor(i)), "DER" + PER_BYTE, m));
    }
    int unused = DerTlv.signatureUnusedBitsOffset(der);
    for (int u : new int[] {1, 4, 7}) {
      byte[] m = der.clone();
      m[unused] = (byte) u;
      ms.add(new DerMutation("der/unused-bits/" + u, "DER signature unused bits", m));
    }
    byte[][] tails = {{0x00}, {0x00, 0x00}, {(byte) 0xff}, {0x30, 0x00}, {0x01, 0x02, 0x03}};
    for (byte[] t : tails) {
      byte[] m = Arrays.copyOf(der, der.length + t.length);
      System.arraycopy(t, 0, m, der.length, t.length);
      ms.add(new DerMutation("der/append/" + HEX.formatHex(t), "DER trailing bytes", m));
    }
    for (int n : new int[] {1, 2, der.length / 2}) {
      ms.add(
          new DerMutation(
              "der/truncate/" + n, "DER truncation", Arrays.copyOf(der, der.length - n)));
    }
    return ms;
  }

  // ---- time ----

  private void boundaries(VectorBase b, QuoteOffsets o) {
    Map<String, Instant[]> items = new LinkedHashMap<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      String pem =
          new String(
              b.quote(),
              o.certificationDataOffset(),
              o.certificationDataSize(),
              StandardCharsets.ISO_8859_1);
      List<Der.PemBlock> blocks = Der.pemBlocks(pem);
      for (int c = 0; c < blocks.size(); c++) {
        X509Certificate x = cert(cf, blocks.get(c).der());
        items.put(
            "quote-" + QUOTE_CERT_NAMES[c],
            new Instant[] {x.getNotBefore().toInstant(), x.getNotAfter().toInstant()});
      }
      for (String f : CHAIN_FIELDS) {
        List<Der.PemBlock> bl = Der.pemBlocks(b.collateral().get(f));
        for (int c = 0; c < bl.size(); c++) {
          X509Certificate x = cert(cf, bl.get(c).der());
          items.put(
              f + "-cert" + c,
              new Instant[] {x.getNotBefore().toInstant(), x.getNotAfter().toInstant()});
        }
      }
      for (String f : CRL_FIELDS) {
        X509CRL crl =
            (X509CRL) cf.generateCRL(new ByteArrayInputStream(HEX.parseHex(b.collateral().get(f))));
        items.put(
            f, new Instant[] {crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant()});
      }
      for (String f : JSON_FIELDS) {
        JsonNode n = JSON.readTree(b.collateral().get(f));
        items.put(
            f,
            new Instant[] {
              Instant.parse(n.get("issueDate").asText()),
              Instant.parse(n.get("nextUpdate").asText())
            });
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map.Entry<String, Instant[]> e : items.entrySet()) {
      String[] bound =
          e.getKey().endsWith("crl")
              ? new String[] {"thisUpdate", "nextUpdate"}
              : JSON_FIELDS.contains(e.getKey())
                  ? new String[] {"issueDate", "nextUpdate"}
                  : new String[] {"notBefore", "notAfter"};
      for (int k = 0; k < 2; k++) {
        long t = e.getValue()[k].getEpochSecond();
        for (int d = -1; d <= 1; d++) {
          out.add(
              Mutant.atTime(
                  String.format(Locale.ROOT, "%s/at/%s/%s/%+d", b.id(), e.getKey(), bound[k], d),
                  "time at " + bound[k] + (d < 0 ? " - 1 s" : d == 0 ? "" : " + 1 s"),
                  b,
                  t + d));
        }
      }
    }
  }

  private static X509Certificate cert(CertificateFactory cf, byte[] der)
      throws GeneralSecurityException {
    return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
  }

  private void add(
      VectorBase b, String name, String category, String target, byte[] original, byte[] mutated) {
    if (Arrays.equals(original, mutated)) {
      return;
    }
    out.add(Mutant.splice(name, category, b, target, original, mutated));
  }
}
