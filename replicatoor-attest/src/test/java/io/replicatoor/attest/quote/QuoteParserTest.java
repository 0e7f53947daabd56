package io.replicatoor.attest.quote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.testing.TdxVectors;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QuoteParserTest {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<String> allVectors() {
    return Stream.concat(TdxVectors.FULL.stream(), TdxVectors.PARSE_ONLY.stream());
  }

  @ParameterizedTest
  @MethodSource("allVectors")
  void parse_vector_matchesExpectedLayoutAndFields(String vector) throws Exception {
    JsonNode exp = TdxVectors.expected(vector);
    byte[] raw = TdxVectors.quote(vector);
    Quote q = Quote.parse(raw);
    JsonNode layout = exp.get("quote_layout");
    JsonNode h = layout.get("header");
    assertThat(q.version()).isEqualTo(h.get("version").asInt());
    assertThat(q.header().attestationKeyType()).isEqualTo(h.get("att_key_type").asInt());
    assertThat(q.header().teeType()).isEqualTo(h.get("tee_type").asLong());
    assertThat(q.header().reserved().toHex()).isEqualTo(h.get("bytes8_12").asText());
    assertThat(q.header().qeVendorId().toHex()).isEqualTo(h.get("qe_vendor_id").asText());
    assertThat(q.header().userData().toHex()).isEqualTo(h.get("user_data").asText());
    if (h.has("body_type")) {
      assertThat(q.bodyType()).isEqualTo(h.get("body_type").asInt());
      assertThat(q.offsets().bodySize()).isEqualTo(h.get("body_size").asInt());
    }
    assertThat(q.offsets().bodyOffset()).isEqualTo(layout.get("body_offset").asInt());
    assertThat(q.offsets().bodySize()).isEqualTo(layout.get("body_len").asInt());
    assertThat(q.signedLength()).isEqualTo(layout.get("signed_len").asInt());
    assertThat(q.signedRegion().length()).isEqualTo(layout.get("signed_len").asInt());
    assertThat(q.offsets().signatureDataEnd() - q.offsets().signatureDataOffset())
        .isEqualTo(layout.get("sig_data_len").asInt());
    JsonNode trailing =
        layout.has("trailing") ? layout.get("trailing") : layout.get("trailing_bytes");
    assertThat(q.offsets().trailingBytes()).isEqualTo(trailing.asInt());
    assertThat(q.signatureData().certificationDataType())
        .isEqualTo(layout.get("cert_type").asInt());
    assertThat(q.offsets().certificationDataSize()).isEqualTo(layout.get("cert_size").asInt());
    if (layout.has("qe_auth_data_len")) {
      assertThat(q.signatureData().qeAuthData().length())
          .isEqualTo(layout.get("qe_auth_data_len").asInt());
    }

    if (exp.get("td_report") != null && !exp.get("td_report").isNull()) {
      JsonNode td = exp.get("td_report");
      TdReport b = q.body();
      assertThat(b.teeTcbSvn().toHex()).isEqualTo(td.get("tee_tcb_svn").asText());
      assertThat(b.mrSeam().toHex()).isEqualTo(td.get("mrseam").asText());
      assertThat(b.mrSignerSeam().toHex()).isEqualTo(td.get("mrsignerseam").asText());
      assertThat(b.seamAttributes().toHex()).isEqualTo(td.get("seamattributes").asText());
      assertThat(b.tdAttributes().toHex()).isEqualTo(td.get("tdattributes").asText());
      assertThat(b.xfam().toHex()).isEqualTo(td.get("xfam").asText());
      assertThat(b.mrTd().toHex()).isEqualTo(td.get("mrtd").asText());
      assertThat(b.mrConfigId().toHex()).isEqualTo(td.get("mrconfigid").asText());
      assertThat(b.mrOwner().toHex()).isEqualTo(td.get("mrowner").asText());
      assertThat(b.mrOwnerConfig().toHex()).isEqualTo(td.get("mrownerconfig").asText());
      for (int i = 0; i < 4; i++) {
        assertThat(b.rtmr(i).toHex()).isEqualTo(td.get("rtmr" + i).asText());
      }
      assertThat(b.rtmr0()).isEqualTo(b.rtmr(0));
      assertThat(b.reportData().toHex()).isEqualTo(td.get("reportdata").asText());
      if (td.has("tee_tcb_svn2")) {
        TdReport15 t15 = (TdReport15) b;
        assertThat(t15.teeTcbSvn2().toHex()).isEqualTo(td.get("tee_tcb_svn2").asText());
        assertThat(t15.mrServiceTd().toHex()).isEqualTo(td.get("mrservicetd").asText());
      } else {
        assertThat(b).isInstanceOf(TdReport10.class);
      }
    } else {
      assertThat(q.isTdx()).isFalse();
      assertThatThrownBy(q::body).isInstanceOf(IllegalStateException.class);
      JsonNode er = exp.get("enclave_report");
      SgxReport s = (SgxReport) q.reportBody();
      assertThat(s.mrEnclave().toHex()).isEqualTo(er.get("mrenclave").asText());
      assertThat(s.mrSigner().toHex()).isEqualTo(er.get("mrsigner").asText());
      assertThat(s.reportData().toHex()).isEqualTo(er.get("reportdata").asText());
      assertThat(s.attributes().toHex()).isEqualTo(er.get("attributes").asText());
      assertThat(s.isDebug()).isFalse();
    }

    JsonNode qe = exp.get("qe_report");
    SgxReport r = q.signatureData().qeReport();
    assertThat(r.cpuSvn().toHex()).isEqualTo(qe.get("cpusvn").asText());
    assertThat(r.miscSelect()).isEqualTo(qe.get("miscselect").asLong());
    assertThat(r.attributes().toHex()).isEqualTo(qe.get("attributes").asText());
    assertThat(r.mrEnclave().toHex()).isEqualTo(qe.get("mrenclave").asText());
    assertThat(r.mrSigner().toHex()).isEqualTo(qe.get("mrsigner").asText());
    assertThat(r.isvProdId()).isEqualTo(qe.get("isvprodid").asInt());
    assertThat(r.isvSvn()).isEqualTo(qe.get("isvsvn").asInt());
    assertThat(r.reportData().toHex()).isEqualTo(qe.get("reportdata").asText());

    JsonNode pck = exp.get("pck_cert");
    X509Certificate leaf = cert(q.signatureData().pckCertificatesDer().get(0).toByteArray());
    PckExtensions ext = PckExtensions.parse(leaf);
    assertThat(ext.ppid().toHex()).isEqualTo(pck.get("ppid").asText());
    List<Integer> comps = new ArrayList<>();
    pck.get("comps").forEach(n -> comps.add(n.asInt()));
    assertThat(ext.sgxTcbComponents()).isEqualTo(comps);
    assertThat(ext.pceSvn()).isEqualTo(pck.get("pcesvn").asInt());
    assertThat(ext.cpuSvn().toHex()).isEqualTo(pck.get("cpusvn").asText());
    assertThat(ext.pceId().toHex()).isEqualTo(pck.get("pceid").asText());
    assertThat(ext.fmspc().toHex()).isEqualTo(pck.get("fmspc").asText());
    assertThat(ext.sgxType()).isEqualTo(pck.get("sgx_type").asInt());
    if (pck.has("platform_instance_id")) {
      assertThat(ext.platformInstanceId().orElseThrow().toHex())
          .isEqualTo(pck.get("platform_instance_id").asText());
      JsonNode cfg = pck.get("configuration");
      PckExtensions.Configuration c = ext.configuration().orElseThrow();
      assertThat(c.dynamicPlatform().orElseThrow())
          .isEqualTo(!cfg.get("1.2.840.113741.1.13.1.7.1").asText().equals("00"));
      assertThat(c.cachedKeys().orElseThrow())
          .isEqualTo(!cfg.get("1.2.840.113741.1.13.1.7.2").asText().equals("00"));
      assertThat(c.smtEnabled().orElseThrow())
          .isEqualTo(!cfg.get("1.2.840.113741.1.13.1.7.3").asText().equals("00"));
    } else {
      assertThat(ext.platformInstanceId()).isEmpty();
      assertThat(ext.configuration()).isEmpty();
    }
  }

  @Test
  void parse_v08ComponentOf255_readsUnsigned() throws Exception {
    Quote q = Quote.parse(TdxVectors.quote(TdxVectors.V08));
    PckExtensions ext =
        PckExtensions.parse(cert(q.signatureData().pckCertificatesDer().get(0).toByteArray()));
    assertThat(ext.sgxTcbComponent(4)).isEqualTo(255);
  }

  @Test
  void parse_documentedV5Td15Offsets_match() throws Exception {
    Quote q = Quote.parse(TdxVectors.quote(TdxVectors.V04));
    QuoteOffsets o = q.offsets();
    assertThat(o.signatureDataOffset()).isEqualTo(706);
    assertThat(o.qeReportOffset()).isEqualTo(840);
    assertThat(o.qeReportSignatureOffset()).isEqualTo(1224);
    assertThat(o.qeAuthDataOffset()).isEqualTo(1290);
    assertThat(o.certificationDataOffset()).isEqualTo(1328);
    Quote v4 = Quote.parse(TdxVectors.quote(TdxVectors.V01));
    assertThat(v4.offsets().qeReportOffset()).isEqualTo(770);
    assertThat(v4.offsets().qeAuthDataOffset()).isEqualTo(1220);
    assertThat(v4.offsets().certificationDataOffset()).isEqualTo(1258);
  }

  @Test
  void parse_trailingBytesAppended_stillParsesIdentically() throws Exception {
    byte[] raw = TdxVectors.quote(TdxVectors.V01);
    byte[] longer = Arrays.copyOf(raw, raw.length + 1000);
    longer[longer.length - 1] = 0x55;
    Quote a = Quote.parse(raw);
    Quote b = Quote.parse(longer);
    assertThat(b.signedRegion()).isEqualTo(a.signedRegion());
    assertThat(b.body()).isEqualTo(a.body());
    assertThat(b.offsets().trailingBytes()).isEqualTo(a.offsets().trailingBytes() + 1000);
  }

  @Test
  void parse_inputMutatedAfterParse_quoteUnchanged() throws Exception {
    byte[] raw = TdxVectors.quote(TdxVectors.V01);
    Quote q = Quote.parse(raw);
    String before = q.body().mrTd().toHex();
    raw[48 + QuoteLayout.TD_MRTD_REL] ^= 1;
    assertThat(q.body().mrTd().toHex()).isEqualTo(before);
  }

  static X509Certificate cert(byte[] der) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  static ErrorCode code(byte[] b) {
    try {
      Quote.parse(b);
      return null;
    } catch (QuoteFormatException e) {
      return e.errorCode();
    }
  }
}
