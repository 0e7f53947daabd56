package io.replicatoor.attest.collateral.fetch;

import io.replicatoor.attest.quote.PckExtensions;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.quote.SignedDer;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * What to fetch: TEE type, FMSPC (12 hex digits, stored upper case), PCK CA and update channel;
 * also the cache key (tdx-quote-verification.md 3.7).
 *
 * @param tee which endpoint family ({@code /tdx/...} or {@code /sgx/...}) serves TCB info and QE
 *     identity
 * @param fmspc the platform's FMSPC as 12 upper-case hex digits
 * @param ca the PCK CA that issued the platform's PCK leaf (selects the PCK CRL)
 * @param channel the {@code update} query parameter sent for TCB info and QE identity
 */
public record CollateralKey(Tee tee, String fmspc, PckCa ca, UpdateChannel channel) {

  /** Size of an FMSPC in bytes (tdx-quote-verification.md 2, OID suffix {@code .4}). */
  public static final int FMSPC_BYTES = 6;

  /** Validates and normalises the FMSPC to upper case. */
  public CollateralKey {
    Objects.requireNonNull(tee, "tee");
    Objects.requireNonNull(fmspc, "fmspc");
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(channel, "channel");
    if (fmspc.length() != 2 * FMSPC_BYTES || !isHex(fmspc)) {
      throw new IllegalArgumentException(
          "fmspc must be "
              + 2 * FMSPC_BYTES
              + " hex digits, got "
              + fmspc.length()
              + " characters");
    }
    fmspc = fmspc.toUpperCase(Locale.ROOT);
  }

  /**
   * The key for the collateral {@code quote} needs: TEE type from the header, FMSPC from the PCK
   * leaf's SGX extension, PCK CA from the leaf's issuer CN (tdx-quote-verification.md 3.2 notes).
   * Nothing here is trusted: the verifier checks the chain and the collateral match later.
   *
   * @throws ReplicatoorException {@code PCK_CHAIN_INVALID} when the leaf cannot be read or its
   *     issuer is neither PCK CA
   */
  public static CollateralKey forQuote(Quote quote, UpdateChannel channel)
      throws ReplicatoorException {
    byte[] leafDer = quote.signatureData().pckCertificatesDer().get(0).toByteArray();
    X509Certificate leaf;
    try {
      SignedDer.check(leafDer);
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(
          ErrorCode.PCK_CHAIN_INVALID,
          "PCK leaf certificate is not one strict DER certificate: " + e.getMessage(),
          e);
    }
    try {
      leaf =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(leafDer));
    } catch (CertificateException e) {
      throw new ReplicatoorException(
          ErrorCode.PCK_CHAIN_INVALID, "PCK leaf certificate is not parseable X.509", e);
    }
    String fmspc = PckExtensions.parse(leaf).fmspc().toHex();
    String issuerCn = null;
    try {
      for (Rdn rdn : new LdapName(leaf.getIssuerX500Principal().getName()).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          issuerCn = String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      throw new ReplicatoorException(
          ErrorCode.PCK_CHAIN_INVALID, "PCK leaf issuer name is not parseable", e);
    }
    PckCa ca = PckCa.fromIssuerCommonName(issuerCn);
    if (ca == null) {
      throw new ReplicatoorException(
          ErrorCode.PCK_CHAIN_INVALID,
          "PCK leaf issuer CN \""
              + issuerCn
              + "\" is neither PCK Platform CA nor PCK Processor CA");
    }
    return new CollateralKey(quote.isTdx() ? Tee.TDX : Tee.SGX, fmspc, ca, channel);
  }

  /** True when {@code s} is non-empty and consists only of hex digits (either case). */
  static boolean isHex(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The FMSPC bytes. */
  public byte[] fmspcBytes() {
    return HexFormat.of().parseHex(fmspc);
  }

  @Override
  public String toString() {
    return tee.pathSegment() + "/" + fmspc + "/" + ca.queryValue() + "/" + channel.directoryName();
  }

  /** TEE type: selects {@code /tdx/certification/v4} or {@code /sgx/certification/v4}. */
  public enum Tee {
    /** Intel TDX (quote tee_type 0x81). */
    TDX("tdx", "TDX", "TD_QE"),
    /** Intel SGX (quote tee_type 0). */
    SGX("sgx", "SGX", "QE");

    private final String pathSegment;
    private final String tcbInfoId;
    private final String qeIdentityId;

    Tee(String pathSegment, String tcbInfoId, String qeIdentityId) {
      this.pathSegment = pathSegment;
      this.tcbInfoId = tcbInfoId;
      this.qeIdentityId = qeIdentityId;
    }

    /** {@code tdx} or {@code sgx}: the URL path segment and the cache directory name. */
    public String pathSegment() {
      return pathSegment;
    }

    /** Expected {@code tcbInfo.id} (3.3). */
    public String tcbInfoId() {
      return tcbInfoId;
    }

    /** Expected {@code enclaveIdentity.id} (3.4). */
    public String qeIdentityId() {
      return qeIdentityId;
    }
  }

  /**
   * The PCK CA named in the PCK leaf's issuer CN ("Intel SGX PCK Platform CA" / "... Processor
   * CA").
   */
  public enum PckCa {
    /** {@code ca=platform}: every TDX sample. */
    PLATFORM("platform", "Intel SGX PCK Platform CA"),
    /** {@code ca=processor}. */
    PROCESSOR("processor", "Intel SGX PCK Processor CA");

    private final String queryValue;
    private final String issuerCommonName;

    PckCa(String queryValue, String issuerCommonName) {
      this.queryValue = queryValue;
      this.issuerCommonName = issuerCommonName;
    }

    /** Value of the {@code ca} query parameter. */
    public String queryValue() {
      return queryValue;
    }

    /** The CN of the CA certificate (the PCK leaf's issuer). */
    public String issuerCommonName() {
      return issuerCommonName;
    }

    /** The CA whose CN is {@code cn}, or {@code null}. */
    public static PckCa fromIssuerCommonName(String cn) {
      for (PckCa ca : values()) {
        if (ca.issuerCommonName.equals(cn)) {
          return ca;
        }
      }
      return null;
    }
  }

  /** Which TCB evaluation data set to ask for (3.2: {@code update=early|standard}). */
  public enum UpdateChannel {
    /** No {@code update} parameter: the server's default (standard on Intel PCS). */
    DEFAULT(null),
    /** {@code update=standard}: the enforced set. */
    STANDARD("standard"),
    /** {@code update=early}: the next set, before Intel enforces it. */
    EARLY("early");

    private final String queryValue;

    UpdateChannel(String queryValue) {
      this.queryValue = queryValue;
    }

    /** The {@code update} query value, or {@code null} for none. */
    public String queryValue() {
      return queryValue;
    }

    /** Cache directory name. */
    public String directoryName() {
      return queryValue == null ? "default" : queryValue;
    }
  }
}
