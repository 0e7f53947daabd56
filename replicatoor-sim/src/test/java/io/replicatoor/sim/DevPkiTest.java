package io.replicatoor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generation, persistence and naming of the development PKI. */
class DevPkiTest {
  @TempDir Path state;

  @Test
  void loadOrCreate_secondStart_reusesSameKeysAndCertificates() throws Exception {
    DevPki a = DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom());
    DevPki b = DevPki.loadOrCreate(state, SimFixtures.NOW.plusSeconds(3600), new SecureRandom());
    assertThat(b.rootCertificate().getEncoded()).isEqualTo(a.rootCertificate().getEncoded());
    assertThat(b.pckCertificate().getEncoded()).isEqualTo(a.pckCertificate().getEncoded());
    assertThat(b.ppid()).isEqualTo(a.ppid());
    assertThat(b.masterKey().equalsSecret(a.masterKey())).isTrue();
    assertThat(b.attestationKey().getPublic()).isEqualTo(a.attestationKey().getPublic());
    assertThat(a.rootPemPath()).isEqualTo(state.resolve("pki").resolve("root.pem"));
  }

  @Test
  void loadOrCreate_privateKeyFiles_ownerOnly() throws Exception {
    DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom());
    Path pki = state.resolve("pki");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki)))
        .isEqualTo("rwx------");
    for (String f :
        new String[] {
          "root.key.pem",
          "pck-platform-ca.key.pem",
          "pck.key.pem",
          "tcb-signing.key.pem",
          "attestation.key.pem",
          "simulator-master.key"
        }) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve(f))))
          .as(f)
          .isEqualTo("rw-------");
    }
  }

  @Test
  void loadOrCreate_keyNotMatchingCertificate_notConfigured() throws Exception {
    DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom());
    Path pki = state.resolve("pki");
    // Swap the PCK leaf key for the TCB Signing key.
    Files.copy(
        pki.resolve("tcb-signing.key.pem"),
        pki.resolve("pck.key.pem"),
        StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom()))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_CONFIGURED))
        .hasMessageContaining("pck.pem");
  }

  @Test
  void loadOrCreate_missingFile_notConfigured() throws Exception {
    DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom());
    Files.delete(state.resolve("pki").resolve("attestation.key.pem"));
    assertThatThrownBy(() -> DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom()))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_CONFIGURED))
        .hasMessageContaining("attestation.key.pem");
  }

  @Test
  void loadOrCreate_rootMissingOthersPresent_notConfigured() throws Exception {
    DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom());
    Files.delete(state.resolve("pki").resolve("root.pem"));
    assertThatThrownBy(() -> DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom()))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_CONFIGURED))
        .hasMessageContaining("root.pem");
  }

  @Test
  void loadOrCreate_emptyPkiFolder_generates() throws Exception {
    Files.createDirectories(state.resolve("pki"));
    DevPki p = DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom());
    assertThat(Files.exists(p.rootPemPath())).isTrue();
  }

  @Test
  void names_followIntelCnsAndMarkDevPki() throws Exception {
    DevPki p = DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom());
    assertThat(cn(p.rootCertificate())).isEqualTo("Intel SGX Root CA");
    assertThat(cn(p.pckPlatformCaCertificate())).isEqualTo("Intel SGX PCK Platform CA");
    assertThat(cn(p.pckCertificate())).isEqualTo("Intel SGX PCK Certificate");
    assertThat(cn(p.tcbSigningCertificate())).isEqualTo("Intel SGX TCB Signing");
    assertThat(p.rootCertificate().getSubjectX500Principal().getName())
        .contains("replicatoor development PKI");
    assertThat(p.rootCertificate().getBasicConstraints()).isEqualTo(1);
    assertThat(p.pckPlatformCaCertificate().getBasicConstraints()).isEqualTo(0);
    assertThat(p.pckCertificate().getBasicConstraints()).isEqualTo(-1);
    assertThat(p.pckCertificate().getNonCriticalExtensionOIDs()).contains(DevPki.SGX_EXTENSION_OID);
  }

  @Test
  void toStringAndFiles_neverContainMasterKey() throws Exception {
    DevPki p = DevPki.loadOrCreate(state, SimFixtures.NOW, new SecureRandom());
    String master = HexFormat.of().formatHex(p.masterKey().reveal(SecretAccess.insecure()));
    assertThat(p.toString()).doesNotContain(master);
    assertThat(p.masterKey().toString()).doesNotContain(master);
    assertThat(Files.readString(p.rootPemPath())).doesNotContain(master);
  }

  private static String cn(X509Certificate c) {
    String dn = c.getSubjectX500Principal().getName();
    int i = dn.indexOf("CN=");
    int end = dn.indexOf(',', i);
    return dn.substring(i + 3, end < 0 ? dn.length() : end);
  }
}
