package io.replicatoor.sim;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.json.BoundedJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The simulator's development PKI: a dev root CA, a PCK Platform CA, a PCK leaf carrying the SGX
 * extension, a TCB Signing certificate and the quoting enclave's attestation key, generated once
 * and kept in a state folder.
 *
 * <p>Security guarantees: private keys are written with owner-only permissions (0600) and never
 * printed; the development root is a different key from Intel's, so a verifier pinned to the Intel
 * SGX Root CA rejects everything signed here. Names follow Intel's rules (tdx-quote-verification.md
 * 4.B, 4.D step 11, 4.E step 17) with an organisation that marks the PKI as a replicatoor
 * development PKI.
 *
 * <p>Layout of {@code STATE/pki/} (created 0700): {@code root.pem}, {@code pck-platform-ca.pem},
 * {@code pck.pem}, {@code tcb-signing.pem}, the matching {@code *.key.pem} (PKCS#8, 0600), {@code
 * attestation.key.pem} (0600), {@code simulator-master.key} (hex, 0600) and {@code platform.json}
 * (PPID, platform instance id).
 */
public final class DevPki {
  /** OID of Intel's SGX extension in the PCK certificate (tdx-quote-verification.md section 2). */
  static final String SGX_EXTENSION_OID = "1.2.840.113741.1.13.1";

  /** Organisation, locality etc. of every development certificate. */
  static final String DEV_DN_SUFFIX =
      ", O=replicatoor development PKI (NOT Intel), L=Santa Clara, ST=CA, C=US";

  static final String ROOT_DN = "CN=Intel SGX Root CA" + DEV_DN_SUFFIX;
  static final String PCK_CA_DN = "CN=Intel SGX PCK Platform CA" + DEV_DN_SUFFIX;
  static final String PCK_DN = "CN=Intel SGX PCK Certificate" + DEV_DN_SUFFIX;
  static final String TCB_SIGNING_DN = "CN=Intel SGX TCB Signing" + DEV_DN_SUFFIX;

  /** Validity of the generated certificates, starting one day before creation. */
  static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);

  static final Duration LEAF_VALIDITY = Duration.ofDays(7 * 365);
  static final Duration BACKDATE = Duration.ofDays(1);

  static final String ROOT_PEM = "root.pem";
  static final String PCK_CA_PEM = "pck-platform-ca.pem";
  static final String PCK_PEM = "pck.pem";
  static final String TCB_SIGNING_PEM = "tcb-signing.pem";
  static final String ATTESTATION_KEY = "attestation.key.pem";
  static final String MASTER_KEY = "simulator-master.key";
  static final String PLATFORM_JSON = "platform.json";

  /** Length of the simulator master key (bytes). */
  static final int MASTER_KEY_LEN = 32;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final HexFormat HEX = HexFormat.of();

  /** platform.json is tiny ({"ppid": "..."}); 4 KiB bounds it generously. */
  private static final BoundedJson PLATFORM_JSON_PARSER = BoundedJson.withMaxBytes(4096);

  private final Path pkiDir;
  private final X509Certificate root;
  private final PrivateKey rootKey;
  private final X509Certificate pckCa;
  private final PrivateKey pckCaKey;
  private final X509Certificate pck;
  private final PrivateKey pckKey;
  private final X509Certificate tcbSigning;
  private final PrivateKey tcbSigningKey;
  private final KeyPair attestationKey;
  private final SecretBytes masterKey;
  private final byte[] ppid;

  private DevPki(
      Path pkiDir,
      X509Certificate root,
      PrivateKey rootKey,
      X509Certificate pckCa,
      PrivateKey pckCaKey,
      X509Certificate pck,
      PrivateKey pckKey,
      X509Certificate tcbSigning,
      PrivateKey tcbSigningKey,
      KeyPair attestationKey,
      SecretBytes masterKey,
      byte[] ppid) {
    this.pkiDir = pkiDir;
    this.root = root;
    this.rootKey = rootKey;
    this.pckCa = pckCa;
    this.pckCaKey = pckCaKey;
    this.pck = pck;
    this.pckKey = pckKey;
    this.tcbSigning = tcbSigning;
    this.tcbSigningKey = tcbSigningKey;
    this.attestationKey = attestationKey;
    this.masterKey = masterKey;
    this.ppid = ppid.clone();
  }

  /**
   * Loads the PKI from {@code stateDir/pki}, or generates and stores a new one when the folder
   * holds none.
   *
   * @throws ReplicatoorException {@code NOT_CONFIGURED} when the folder holds an incomplete or
   *     inconsistent PKI (a key does not match its certificate)
   */
  public static DevPki loadOrCreate(Path stateDir, Instant now, SecureRandom rng)
      throws IOException, ReplicatoorException {
    Path dir = stateDir.resolve("pki");
    if (Files.exists(dir.resolve(ROOT_PEM))) {
      return load(dir);
    }
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new ReplicatoorException(
              ErrorCode.NOT_CONFIGURED,
              "incomplete simulator PKI in "
                  + dir
                  + ": missing "
                  + ROOT_PEM
                  + " (delete the folder to generate a new one)");
        }
      }
      Files.delete(dir);
    }
    return create(dir, now, rng);
  }

  /** The folder holding the PKI files. */
  public Path directory() {
    return pkiDir;
  }

  /** Path of the development root certificate ({@code STATE/pki/root.pem}). */
  public Path rootPemPath() {
    return pkiDir.resolve(ROOT_PEM);
  }

  /** The development root CA certificate (the explicit trust root for simulator quotes). */
  public X509Certificate rootCertificate() {
    return root;
  }

  /** The PCK Platform CA certificate. */
  public X509Certificate pckPlatformCaCertificate() {
    return pckCa;
  }

  /** The PCK leaf certificate. */
  public X509Certificate pckCertificate() {
    return pck;
  }

  /** The TCB Signing certificate. */
  public X509Certificate tcbSigningCertificate() {
    return tcbSigning;
  }

  /** PPID of the simulated platform (16 bytes; a copy). */
  public byte[] ppid() {
    return ppid.clone();
  }

  PrivateKey pckKey() {
    return pckKey;
  }

  PrivateKey tcbSigningKey() {
    return tcbSigningKey;
  }

  PrivateKey rootKey() {
    return rootKey;
  }

  PrivateKey pckCaKey() {
    return pckCaKey;
  }

  KeyPair attestationKey() {
    return attestationKey;
  }

  SecretBytes masterKey() {
    return masterKey;
  }

  /** Root CA CRL (no entries) valid over {@code [thisUpdate, nextUpdate]}. */
  X509CRL rootCrl(Instant thisUpdate, Instant nextUpdate, long crlNumber)
      throws GeneralSecurityException {
    return crl(root, rootKey, thisUpdate, nextUpdate, crlNumber);
  }

  /** PCK CRL issued by the PCK Platform CA (no entries). */
  X509CRL pckCrl(Instant thisUpdate, Instant nextUpdate, long crlNumber)
      throws GeneralSecurityException {
    return crl(pckCa, pckCaKey, thisUpdate, nextUpdate, crlNumber);
  }

  /** PEM text of {@code certs}, concatenated in order. */
  static String pem(X509Certificate... certs) {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      for (X509Certificate c : certs) {
        w.writeObject(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }

  // ---- generation ------------------------------------------------------------------------------

  private static DevPki create(Path dir, Instant now, SecureRandom rng)
      throws IOException, ReplicatoorException {
    try {
      if (dir.getParent() != null) {
        Files.createDirectories(dir.getParent());
      }
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Instant notBefore = now.minus(BACKDATE);
      KeyPair rootKp = newKey(rng);
      KeyPair pckCaKp = newKey(rng);
      KeyPair pckKp = newKey(rng);
      KeyPair tcbKp = newKey(rng);
      KeyPair attKp = newKey(rng);
      byte[] ppid = new byte[16];
      rng.nextBytes(ppid);
      byte[] platformInstanceId = new byte[16];
      rng.nextBytes(platformInstanceId);
      SecretBytes master = SecretBytes.random(MASTER_KEY_LEN, rng);

      X500Name rootName = new X500Name(ROOT_DN);
      X509Certificate root =
          caCert(
              rootName,
              rootName,
              rootKp.getPublic(),
              rootKp.getPublic(),
              rootKp.getPrivate(),
              notBefore,
              notBefore.plus(CA_VALIDITY),
              1,
              rng);
      X509Certificate pckCa =
          caCert(
              new X500Name(PCK_CA_DN),
              rootName,
              pckCaKp.getPublic(),
              rootKp.getPublic(),
              rootKp.getPrivate(),
              notBefore,
              notBefore.plus(CA_VALIDITY),
              0,
              rng);
      X509Certificate pck =
          pckLeaf(
              new X500Name(PCK_DN),
              pckCa,
              pckCaKp,
              pckKp.getPublic(),
              sgxExtension(SgxExtensionValues.devPlatform(ppid, platformInstanceId)),
              notBefore,
              notBefore.plus(LEAF_VALIDITY),
              rng);
      X509Certificate tcb =
          signingLeaf(
              new X500Name(TCB_SIGNING_DN),
              rootName,
              tcbKp.getPublic(),
              rootKp,
              notBefore,
              notBefore.plus(LEAF_VALIDITY),
              rng);

      writePublic(dir.resolve(ROOT_PEM), pem(root));
      writePublic(dir.resolve(PCK_CA_PEM), pem(pckCa));
      writePublic(dir.resolve(PCK_PEM), pem(pck));
      writePublic(dir.resolve(TCB_SIGNING_PEM), pem(tcb));
      writeSecret(dir.resolve(keyName(ROOT_PEM)), keyPem(rootKp.getPrivate()));
      writeSecret(dir.resolve(keyName(PCK_CA_PEM)), keyPem(pckCaKp.getPrivate()));
      writeSecret(dir.resolve(keyName(PCK_PEM)), keyPem(pckKp.getPrivate()));
      writeSecret(dir.resolve(keyName(TCB_SIGNING_PEM)), keyPem(tcbKp.getPrivate()));
      writeSecret(dir.resolve(ATTESTATION_KEY), keyPem(attKp.getPrivate()));
      writeSecret(
          dir.resolve(MASTER_KEY), HEX.formatHex(master.reveal(SecretAccess.insecure())) + "\n");
      writePublic(
          dir.resolve(PLATFORM_JSON),
          "{\"ppid\":\""
              + HEX.formatHex(ppid)
              + "\",\"platform_instance_id\":\""
              + HEX.formatHex(platformInstanceId)
              + "\"}\n");
      return new DevPki(
          dir,
          root,
          rootKp.getPrivate(),
          pckCa,
          pckCaKp.getPrivate(),
          pck,
          pckKp.getPrivate(),
          tcb,
          tcbKp.getPrivate(),
          attKp,
          master,
          ppid);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate the development PKI", e);
    }
  }

  static KeyPair newKey(SecureRandom rng) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), rng);
    return g.generateKeyPair();
  }

  static BigInteger serial(SecureRandom rng) {
    // 20 bytes like Intel's serials, positive, top byte non-zero.
    byte[] b = new byte[20];
    rng.nextBytes(b);
    b[0] = (byte) ((b[0] & 0x7f) | 0x10);
    return new BigInteger(1, b);
  }

  static X509Certificate caCert(
      X500Name subject,
      X500Name issuer,
      PublicKey subjectKey,
      PublicKey issuerKey,
      PrivateKey signer,
      Instant notBefore,
      Instant notAfter,
      int pathLen,
      SecureRandom rng)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    X509v3CertificateBuilder b =
        certBuilder(subject, issuer, subjectKey, issuerKey, notBefore, notAfter, rng);
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
    return toJdk(b.build(signer(signer)));
  }

  /** An end-entity signing certificate (e.g. TCB Signing) issued by {@code issuerKp}. */
  static X509Certificate signingLeaf(
      X500Name subject,
      X500Name issuer,
      PublicKey subjectKey,
      KeyPair issuerKp,
      Instant notBefore,
      Instant notAfter,
      SecureRandom rng)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    X509v3CertificateBuilder b =
        certBuilder(subject, issuer, subjectKey, issuerKp.getPublic(), notBefore, notAfter, rng);
    addEndEntityUsage(b);
    return toJdk(b.build(signer(issuerKp.getPrivate())));
  }

  /** A PCK leaf certificate carrying the SGX extension {@code sgx}, issued by the PCK CA. */
  static X509Certificate pckLeaf(
      X500Name subject,
      X509Certificate pckCa,
      KeyPair pckCaKp,
      PublicKey leafKey,
      DERSequence sgx,
      Instant notBefore,
      Instant notAfter,
      SecureRandom rng)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    X509v3CertificateBuilder b =
        certBuilder(
            subject,
            X500Name.getInstance(pckCa.getSubjectX500Principal().getEncoded()),
            leafKey,
            pckCaKp.getPublic(),
            notBefore,
            notAfter,
            rng);
    addEndEntityUsage(b);
    // Non-critical, as Intel's (section 2).
    b.addExtension(new ASN1ObjectIdentifier(SGX_EXTENSION_OID), false, sgx);
    return toJdk(b.build(signer(pckCaKp.getPrivate())));
  }

  /**
   * Adds the extensions of an end-entity signing certificate to a {@link #certBuilder}: key usage
   * digitalSignature|nonRepudiation (critical) and CA:false (critical).
   */
  private static void addEndEntityUsage(X509v3CertificateBuilder b) throws IOException {
    b.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
  }

  /**
   * A certificate builder with a fresh serial, the validity window, and the authority and subject
   * key identifiers (non-critical) as the first two extensions.
   */
  private static X509v3CertificateBuilder certBuilder(
      X500Name subject,
      X500Name issuer,
      PublicKey subjectKey,
      PublicKey issuerKey,
      Instant notBefore,
      Instant notAfter,
      SecureRandom rng)
      throws GeneralSecurityException, IOException {
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder b =
        new X509v3CertificateBuilder(
            issuer,
            serial(rng),
            Date.from(notBefore),
            Date.from(notAfter),
            subject,
            SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded()));
    b.addExtension(
        Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKey));
    b.addExtension(
        Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
    return b;
  }

  /**
   * The values the SGX extension of a PCK certificate carries (tdx-quote-verification.md section
   * 2); CPUSVN is the 16 SGX TCB components as bytes, as in every real sample.
   */
  record SgxExtensionValues(
      byte[] ppid,
      int[] sgxTcbComponents,
      int pceSvn,
      byte[] pceId,
      byte[] fmspc,
      int sgxType,
      byte[] platformInstanceId,
      boolean dynamicPlatform,
      boolean cachedKeys,
      boolean smtEnabled) {

    /** The simulated platform ({@link DevPlatform}) with {@code ppid} and its instance id. */
    static SgxExtensionValues devPlatform(byte[] ppid, byte[] platformInstanceId) {
      return new SgxExtensionValues(
          ppid,
          DevPlatform.SGX_TCB_COMPONENTS,
          DevPlatform.PCESVN,
          DevPlatform.PCE_ID,
          DevPlatform.FMSPC,
          DevPlatform.SGX_TYPE,
          platformInstanceId,
          false,
          false,
          false);
    }

    byte[] cpuSvn() {
      byte[] b = new byte[sgxTcbComponents.length];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) sgxTcbComponents[i];
      }
      return b;
    }
  }

  /** The SGX extension value (tdx-quote-verification.md section 2): SEQUENCE OF {OID, value}. */
  static DERSequence sgxExtension(SgxExtensionValues v) {
    ASN1ObjectIdentifier base = new ASN1ObjectIdentifier(SGX_EXTENSION_OID);
    ASN1EncodableVector top = new ASN1EncodableVector();
    top.add(entry(base.branch("1"), new DEROctetString(v.ppid())));
    ASN1ObjectIdentifier tcbOid = base.branch("2");
    ASN1EncodableVector tcb = new ASN1EncodableVector();
    for (int i = 0; i < v.sgxTcbComponents().length; i++) {
      tcb.add(
          entry(tcbOid.branch(Integer.toString(i + 1)), new ASN1Integer(v.sgxTcbComponents()[i])));
    }
    tcb.add(entry(tcbOid.branch("17"), new ASN1Integer(v.pceSvn())));
    tcb.add(entry(tcbOid.branch("18"), new DEROctetString(v.cpuSvn())));
    top.add(entry(tcbOid, new DERSequence(tcb)));
    top.add(entry(base.branch("3"), new DEROctetString(v.pceId())));
    top.add(entry(base.branch("4"), new DEROctetString(v.fmspc())));
    top.add(entry(base.branch("5"), new ASN1Enumerated(v.sgxType())));
    top.add(entry(base.branch("6"), new DEROctetString(v.platformInstanceId())));
    ASN1ObjectIdentifier cfg = base.branch("7");
    ASN1EncodableVector config = new ASN1EncodableVector();
    config.add(entry(cfg.branch("1"), ASN1Boolean.getInstance(v.dynamicPlatform())));
    config.add(entry(cfg.branch("2"), ASN1Boolean.getInstance(v.cachedKeys())));
    config.add(entry(cfg.branch("3"), ASN1Boolean.getInstance(v.smtEnabled())));
    top.add(entry(cfg, new DERSequence(config)));
    return new DERSequence(top);
  }

  private static DERSequence entry(ASN1ObjectIdentifier oid, ASN1Encodable value) {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(oid);
    v.add(value);
    return new DERSequence(v);
  }

  private static X509CRL crl(
      X509Certificate issuer, PrivateKey key, Instant thisUpdate, Instant nextUpdate, long number)
      throws GeneralSecurityException {
    return crl(issuer, key, thisUpdate, nextUpdate, OptionalLong.of(number), List.of(), thisUpdate);
  }

  /**
   * A CRL issued by {@code issuer} listing {@code revoked} (reason keyCompromise, revoked at {@code
   * revokedAt}); without a CRL Number when {@code number} is empty (a malformed CRL, for tests).
   */
  static X509CRL crl(
      X509Certificate issuer,
      PrivateKey key,
      Instant thisUpdate,
      Instant nextUpdate,
      OptionalLong number,
      List<BigInteger> revoked,
      Instant revokedAt)
      throws GeneralSecurityException {
    try {
      X509v2CRLBuilder b =
          new X509v2CRLBuilder(
              X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
              Date.from(thisUpdate));
      b.setNextUpdate(Date.from(nextUpdate));
      // Required extensions: CRL Number and Authority Key Identifier (section 4.C step 8).
      if (number.isPresent()) {
        b.addExtension(
            Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number.getAsLong())));
      }
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.getPublicKey()));
      for (BigInteger serial : revoked) {
        b.addCRLEntry(serial, Date.from(revokedAt), CRLReason.keyCompromise);
      }
      X509CRLHolder h = b.build(signer(key));
      return (X509CRL)
          CertificateFactory.getInstance("X.509")
              .generateCRL(new ByteArrayInputStream(h.getEncoded()));
    } catch (IOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot build CRL", e);
    }
  }

  static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
    return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
  }

  static X509Certificate toJdk(X509CertificateHolder h)
      throws GeneralSecurityException, IOException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(h.getEncoded()));
  }

  // ---- persistence -----------------------------------------------------------------------------

  private static String keyName(String certFile) {
    return certFile.replace(".pem", ".key.pem");
  }

  static String keyPem(PrivateKey key) {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }

  private static void writePublic(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Writes {@code text} to a new file created with owner-only permissions. */
  static void writeSecret(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create " + tmp, e);
    }
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static DevPki load(Path dir) throws IOException, ReplicatoorException {
    try {
      X509Certificate root = readCert(dir.resolve(ROOT_PEM));
      X509Certificate pckCa = readCert(dir.resolve(PCK_CA_PEM));
      X509Certificate pck = readCert(dir.resolve(PCK_PEM));
      X509Certificate tcb = readCert(dir.resolve(TCB_SIGNING_PEM));
      PrivateKey rootKey = readKey(dir.resolve(keyName(ROOT_PEM)));
      PrivateKey pckCaKey = readKey(dir.resolve(keyName(PCK_CA_PEM)));
      PrivateKey pckKey = readKey(dir.resolve(keyName(PCK_PEM)));
      PrivateKey tcbKey = readKey(dir.resolve(keyName(TCB_SIGNING_PEM)));
      PrivateKey attPriv = readKey(dir.resolve(ATTESTATION_KEY));
      requireMatch(root, rootKey, ROOT_PEM);
      requireMatch(pckCa, pckCaKey, PCK_CA_PEM);
      requireMatch(pck, pckKey, PCK_PEM);
      requireMatch(tcb, tcbKey, TCB_SIGNING_PEM);
      KeyPair att = new KeyPair(publicOf(attPriv), attPriv);
      String masterHex =
          Files.readString(dir.resolve(MASTER_KEY), StandardCharsets.US_ASCII).strip();
      byte[] master = HEX.parseHex(masterHex);
      if (master.length != MASTER_KEY_LEN) {
        throw new ReplicatoorException(
            ErrorCode.NOT_CONFIGURED,
            dir.resolve(MASTER_KEY) + ": expected " + MASTER_KEY_LEN + " bytes of hex");
      }
      SecretBytes masterKey = SecretBytes.copyOf(master);
      Arrays.fill(master, (byte) 0);
      byte[] platform = Files.readAllBytes(dir.resolve(PLATFORM_JSON));
      byte[] ppid = HEX.parseHex(PLATFORM_JSON_PARSER.read(platform).path("ppid").asText());
      if (ppid.length != 16) {
        throw new ReplicatoorException(
            ErrorCode.NOT_CONFIGURED, dir.resolve(PLATFORM_JSON) + ": ppid must be 16 bytes");
      }
      return new DevPki(
          dir, root, rootKey, pckCa, pckCaKey, pck, pckKey, tcb, tcbKey, att, masterKey, ppid);
    } catch (NoSuchFileException e) {
      throw new ReplicatoorException(
          ErrorCode.NOT_CONFIGURED,
          "incomplete simulator PKI in "
              + dir
              + ": missing "
              + e.getFile()
              + " (delete the folder to generate a new one)");
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(
          ErrorCode.NOT_CONFIGURED, "unreadable simulator PKI in " + dir + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      if (e instanceof ReplicatoorException r) {
        throw r;
      }
      throw new ReplicatoorException(
          ErrorCode.NOT_CONFIGURED,
          "unreadable simulator PKI in " + dir + ": " + e.getMessage(),
          e);
    }
  }

  private static X509Certificate readCert(Path file) throws IOException, GeneralSecurityException {
    try (var in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
    try (PEMParser p = new PEMParser(new StringReader(Files.readString(file)))) {
      Object o = p.readObject();
      if (!(o instanceof PrivateKeyInfo info)) {
        throw new GeneralSecurityException(file.getFileName() + " is not a PKCS#8 private key");
      }
      return new JcaPEMKeyConverter().getPrivateKey(info);
    }
  }

  private static PublicKey publicOf(PrivateKey key) throws GeneralSecurityException {
    var ec = (ECPrivateKey) key;
    var params = ec.getParams();
    ECParameterSpec bcSpec = ECNamedCurveTable.getParameterSpec("secp256r1");
    ECPoint q = bcSpec.getG().multiply(ec.getS()).normalize();
    java.security.spec.ECPoint w =
        new java.security.spec.ECPoint(
            q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
  }

  private static void requireMatch(X509Certificate cert, PrivateKey key, String name)
      throws GeneralSecurityException {
    byte[] probe = "replicatoor-dev-pki-key-check".getBytes(StandardCharsets.US_ASCII);
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(key);
    s.update(probe);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withECDSA");
    v.initVerify(cert.getPublicKey());
    v.update(probe);
    if (!v.verify(sig)) {
      throw new ReplicatoorException(
          ErrorCode.NOT_CONFIGURED,
          "simulator PKI: the private key of " + name + " does not match its certificate");
    }
  }
}
