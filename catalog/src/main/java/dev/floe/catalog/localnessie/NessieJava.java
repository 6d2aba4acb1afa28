package dev.floe.catalog.localnessie;

import dev.floe.catalog.exceptions.NessieUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a Java 21+ launcher for the Nessie runner, which does not run on the Java 17 that runs
 * Floe. Order: system property {@code floe.nessie.java}, env {@code FLOE_NESSIE_JAVA} (a JDK home
 * or its {@code bin/java}), {@code JAVA_HOME} and the running JVM if 21+, then the newest 21+ JDK
 * under {@code /usr/lib/jvm}.
 */
public final class NessieJava {
  static final String PROPERTY = "floe.nessie.java";
  static final String ENV = "FLOE_NESSIE_JAVA";
  static final int MIN_VERSION = 21;

  private NessieJava() {}

  public static Path find() {
    return find(System.getenv());
  }

  /** Like {@link #find()}, with {@code FLOE_NESSIE_JAVA} and {@code JAVA_HOME} from {@code env}. */
  static Path find(Map<String, String> env) {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return explicit("system property " + PROPERTY, property);
    }
    String explicit = env.get(ENV);
    if (explicit != null && !explicit.isBlank()) {
      return explicit("env " + ENV, explicit);
    }
    List<String> tried = new ArrayList<>();
    String javaHome = env.get("JAVA_HOME");
    if (javaHome != null && !javaHome.isBlank()) {
      Optional<Path> java = ifRecentEnough(Path.of(javaHome), tried);
      if (java.isPresent()) {
        return java.get();
      }
    }
    // A test JVM that is already 21+ can run the server itself.
    if (Runtime.version().feature() >= MIN_VERSION) {
      return launcher(Path.of(System.getProperty("java.home")));
    }
    tried.add("java.home (" + Runtime.version().feature() + ")");
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> homes = Files.list(jvms)) {
        Optional<Path> newest =
            homes
                .filter(home -> Files.isRegularFile(home.resolve("release")))
                .filter(home -> Files.isExecutable(launcher(home)))
                .filter(home -> version(home) >= MIN_VERSION)
                .max(Comparator.comparingInt(NessieJava::version));
        if (newest.isPresent()) {
          return launcher(newest.get());
        }
      } catch (IOException e) {
        // unreadable: report it below like an empty folder
      }
      tried.add(jvms + "/*");
    }
    throw new NessieUnavailableException(
        String.format(
            "Cannot start Nessie: its runner needs Java %d+, and none was found (tried %s). Set"
                + " -D%s=/path/to/jdk-21 (a JDK home or its bin/java), or env %s, or JAVA_HOME"
                + " to a JDK %d+.",
            MIN_VERSION, String.join(", ", tried), PROPERTY, ENV, MIN_VERSION));
  }

  private static Path explicit(String source, String value) {
    Path path = Path.of(value);
    Path java = Files.isDirectory(path) ? launcher(path) : path;
    if (!Files.isExecutable(java)) {
      throw new NessieUnavailableException(
          String.format(
              "Cannot start Nessie: %s=%s does not lead to an executable java (%s)",
              source, value, java));
    }
    return java;
  }

  private static Optional<Path> ifRecentEnough(Path home, List<String> tried) {
    int version = version(home);
    if (version >= MIN_VERSION && Files.isExecutable(launcher(home))) {
      return Optional.of(launcher(home));
    }
    tried.add("JAVA_HOME=" + home + " (" + (version == 0 ? "unknown version" : version) + ")");
    return Optional.empty();
  }

  private static Path launcher(Path home) {
    boolean windows = System.getProperty("os.name", "").startsWith("Windows");
    return home.resolve("bin").resolve(windows ? "java.exe" : "java");
  }

  /** The feature version in a JDK's {@code release} file ({@code JAVA_VERSION="25.0.3"}), or 0. */
  static int version(Path home) {
    try (Stream<String> lines = Files.lines(home.resolve("release"))) {
      return lines
          .filter(line -> line.startsWith("JAVA_VERSION="))
          .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", "").trim())
          .map(NessieJava::feature)
          .findFirst()
          .orElse(0);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static int feature(String version) {
    String[] parts = version.split("[._+-]");
    // Java 8 and older spell themselves 1.8.0_x.
    int first = Integer.parseInt(parts[0]);
    return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
  }
}
