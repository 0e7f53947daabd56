package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.port.Sha256Hash;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.core.state.KeyAlgorithm;
import io.replicatoor.core.state.KeyDerivation;
import io.replicatoor.core.state.ReplicatedState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * Threat model P11: no secret-bearing type prints or serialises its secret (toString, Jackson),
 * over random secrets; the output is scanned for the hex and base64 of every secret.
 */
class SecretLeakTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  private static String jackson(Object o) {
    try {
      return JACKSON.writeValueAsString(o);
    } catch (Exception e) {
      return String.valueOf(e.getMessage()); // refusing to serialise is also safe
    }
  }

  private static long distinct(byte[] b) {
    Set<Byte> set = new HashSet<>();
    for (byte x : b) {
      set.add(x);
    }
    return set.size();
  }

  @Property(tries = 50)
  void secretBearingTypes_neverPrintOrSerialiseSecrets(
      @ForAll @Size(32) byte[] root, @ForAll @Size(32) byte[] ephemeral) throws Exception {
    // Low-entropy secrets could coincide with public fixture bytes (zeros) and make a false alarm.
    Assume.that(distinct(root) >= 4 && distinct(ephemeral) >= 4);
    ReplicatedState s = ReplicatedState.of(SecretBytes.copyOf(root), 3);
    List<Object> objects = new ArrayList<>();
    List<byte[]> secrets = new ArrayList<>(List.of(root, ephemeral));
    objects.add(s);
    objects.add(new InstanceState.Serving(s));
    for (KeyAlgorithm a : KeyAlgorithm.values()) {
      DerivedKey k = KeyDerivation.derive(s, "path", "purpose", a);
      objects.add(k);
      secrets.add(k.key().reveal(SecretAccess.insecure()));
    }
    PendingJoin p =
        new PendingJoin(
            SecretBytes.copyOf(ephemeral),
            new byte[32],
            new BlockAnchor(1, Bytes32.ZERO),
            Sha256Hash.of(new byte[32]),
            Instant.EPOCH);
    objects.add(p);
    objects.add(new InstanceState.Joining(p));
    StringBuilder out = new StringBuilder();
    for (Object o : objects) {
      out.append(o).append('\n').append(jackson(o)).append('\n');
    }
    String text = out.toString();
    for (byte[] secret : secrets) {
      assertThat(text)
          .doesNotContainIgnoringCase(Hex.encode(secret))
          .doesNotContain(Base64.getEncoder().encodeToString(secret))
          .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }
  }
}
