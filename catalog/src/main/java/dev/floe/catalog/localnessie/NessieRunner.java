package dev.floe.catalog.localnessie;

import dev.floe.catalog.exceptions.NessieUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Locates the official Nessie server runner jar ({@value #ARTIFACT}, 276 MB): system property
 * {@code floe.nessie.runner.jar}, env {@code FLOE_NESSIE_RUNNER_JAR}, else the local Maven
 * repository, which {@code mvn dependency:get} fills when Maven is on the PATH.
 */
public final class NessieRunner {
  public static final String VERSION = "0.108.8";
  public static final String ARTIFACT =
      "org.projectnessie.nessie:nessie-quarkus:" + VERSION + ":jar:runner";
  static final String PROPERTY = "floe.nessie.runner.jar";
  static final String ENV = "FLOE_NESSIE_RUNNER_JAR";

  private NessieRunner() {}

  /** The runner jar, downloaded through Maven if it is not in the local repository yet. */
  public static Path find() {
    return find(System.getenv());
  }

  /** Like {@link #find()}, with {@code FLOE_NESSIE_RUNNER_JAR} from {@code env}. */
  static Path find(Map<String, String> env) {
    Path explicit = explicit(env);
    if (explicit != null) {
      return explicit;
    }
    Path local = localRepositoryJar();
    if (Files.isRegularFile(local)) {
      return local;
    }
    String download = download();
    if (Files.isRegularFile(local)) {
      return local;
    }
    throw new NessieUnavailableException(
        "Cannot start Nessie: the server runner %s is missing (looked for %s; %s). Fetch it with"
            + " `mvn dependency:get -Dartifact=%s`, or point -D%s or env %s at the jar.",
        ARTIFACT, local, download, ARTIFACT, PROPERTY, ENV);
  }

  private static Path explicit(Map<String, String> env) {
    String value = System.getProperty(PROPERTY);
    String source = "system property " + PROPERTY;
    if (value == null || value.isBlank()) {
      value = env.get(ENV);
      source = "env " + ENV;
    }
    if (value == null || value.isBlank()) {
      return null;
    }
    Path jar = Path.of(value);
    if (!Files.isRegularFile(jar)) {
      throw new NessieUnavailableException(
          "Cannot start Nessie: %s=%s is not a file (expected the %s jar)",
          source, value, ARTIFACT);
    }
    return jar;
  }

  static Path localRepositoryJar() {
    String repo = System.getProperty("maven.repo.local");
    Path root =
        repo != null && !repo.isBlank()
            ? Path.of(repo)
            : Path.of(System.getProperty("user.home"), ".m2", "repository");
    return root.resolve("org/projectnessie/nessie/nessie-quarkus/" + VERSION)
        .resolve("nessie-quarkus-" + VERSION + "-runner.jar");
  }

  /** Runs {@code mvn dependency:get}; returns what happened, for the error message. */
  private static String download() {
    List<String> command =
        List.of(
            "mvn", "-q", "-B", "dependency:get", "-Dtransitive=false", "-Dartifact=" + ARTIFACT);
    try {
      Process mvn =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!mvn.waitFor(15, TimeUnit.MINUTES)) {
        mvn.destroyForcibly();
        return "`mvn dependency:get` did not finish within 15 minutes";
      }
      return "`mvn dependency:get` exited with " + mvn.exitValue();
    } catch (IOException e) {
      return "Maven (mvn) is not on the PATH";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "the download was interrupted";
    }
  }
}
