package io.replicatoor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Searches text, bytes and folders for known secrets (threat model P11): each secret in raw form,
 * as hex of either case, and as Base64 (standard and URL alphabets, with or without padding, at
 * every byte alignment inside a longer Base64 string). Build it with the secrets a test recorded
 * (for example every value a recording {@code SecureRandom} gave, derived keys, API keys), then
 * feed it everything that left the process: log lines, HTTP answers, metrics, files.
 *
 * <p>Secrets shorter than {@link #MIN_SECRET_BYTES} are refused: their encodings are short enough
 * to occur by chance in unrelated output, which would make the scan unreliable.
 */
public final class SecretScan {
  /** Shortest secret the scan accepts (16 bytes: 32 hex digits, 20+ Base64 characters). */
  public static final int MIN_SECRET_BYTES = 16;

  /** Base64 works on 3-byte groups: a secret can start at any of 3 alignments. */
  private static final int BASE64_GROUP = 3;

  private final Map<String, byte[]> secrets = new LinkedHashMap<>();

  private SecretScan() {}

  /** An empty scan; add secrets with {@link #add}. */
  public static SecretScan create() {
    return new SecretScan();
  }

  /**
   * Adds a secret under a name that findings report (never the secret itself).
   *
   * @throws IllegalArgumentException when it is shorter than {@link #MIN_SECRET_BYTES}
   */
  public SecretScan add(String name, byte[] secret) {
    Objects.requireNonNull(name, "name");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          name + " is " + secret.length + " bytes, too short to scan for reliably");
    }
    secrets.put(name + " #" + secrets.size(), secret.clone());
    return this;
  }

  /** Adds a text secret (an API key, a password) by its UTF-8 bytes. */
  public SecretScan add(String name, String secret) {
    return add(name, secret.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds every secret of {@code values} at least {@link #MIN_SECRET_BYTES} long; returns them. */
  public int addAllLongEnough(String name, List<byte[]> values) {
    int n = 0;
    for (byte[] v : values) {
      if (v.length >= MIN_SECRET_BYTES) {
        add(name, v);
        n++;
      }
    }
    return n;
  }

  /** How many secrets the scan looks for. */
  public int size() {
    return secrets.size();
  }

  /**
   * Where {@code content} (found at {@code where}) holds a secret: one line per secret and form,
   * such as {@code "log a.log: root secret #0 as lowercase hex"}; empty when clean.
   */
  public List<String> findings(String where, byte[] content) {
    List<String> out = new ArrayList<>();
    String latin1 = new String(content, StandardCharsets.ISO_8859_1);
    String lower = latin1.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, byte[]> e : secrets.entrySet()) {
      byte[] s = e.getValue();
      String label = where + ": " + e.getKey();
      if (indexOf(content, s) >= 0) {
        out.add(label + " raw");
      }
      if (lower.contains(HexFormat.of().formatHex(s))) {
        out.add(label + " as hex");
      }
      for (int shift = 0; shift < BASE64_GROUP; shift++) {
        int usable = (s.length - shift) / BASE64_GROUP * BASE64_GROUP;
        byte[] core = Arrays.copyOfRange(s, shift, shift + usable);
        String std = Base64.getEncoder().withoutPadding().encodeToString(core);
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(core);
        if (latin1.contains(std)) {
          out.add(label + " as Base64 (alignment " + shift + ")");
        } else if (latin1.contains(url)) {
          out.add(label + " as Base64url (alignment " + shift + ")");
        }
      }
    }
    return out;
  }

  /** As {@link #findings(String, byte[])} for text (searched as its UTF-8 bytes). */
  public List<String> findings(String where, String text) {
    return findings(where, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Scans every regular file under {@code dir} except those {@code skip} accepts (for example the
   * sealed store, which holds the state encrypted by design).
   *
   * @return the findings, each naming the file
   */
  public List<String> findingsInTree(Path dir, Predicate<Path> skip) {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        if (!skip.test(f)) {
          out.addAll(findings(dir.relativize(f).toString(), Files.readAllBytes(f)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** How many regular files {@link #findingsInTree} would read under {@code dir}. */
  public static long countFiles(Path dir, Predicate<Path> skip) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(skip.negate()).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where {@code needle} first stands in {@code hay}, or -1. */
  public static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
