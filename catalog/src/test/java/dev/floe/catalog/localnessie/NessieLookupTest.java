package dev.floe.catalog.localnessie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.NessieUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java and runner lookups take their variables from the environment they are given. */
class NessieLookupTest {
  @TempDir Path dir;

  @Test
  void javaComesFromTheGivenFloeNessieJava() throws Exception {
    Path java = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

    Path found =
        withoutProperty(
            NessieJava.PROPERTY,
            () -> NessieJava.find(Map.of(NessieJava.ENV, dir.resolve("jdk").toString())));

    assertThat(found).isEqualTo(java);
  }

  @Test
  void aGivenFloeNessieJavaThatLeadsNowhereSaysSo() {
    String nowhere = dir.resolve("no-jdk").toString();

    assertThatThrownBy(
            () ->
                withoutProperty(
                    NessieJava.PROPERTY, () -> NessieJava.find(Map.of(NessieJava.ENV, nowhere))))
        .isInstanceOf(NessieUnavailableException.class)
        .hasMessageContaining("env FLOE_NESSIE_JAVA=" + nowhere);
  }

  @Test
  void runnerComesFromTheGivenFloeNessieRunnerJar() throws Exception {
    Path jar = Files.writeString(dir.resolve("runner.jar"), "jar");

    Path found =
        withoutProperty(
            NessieRunner.PROPERTY,
            () -> NessieRunner.find(Map.of(NessieRunner.ENV, jar.toString())));

    assertThat(found).isEqualTo(jar);
  }

  /** The build sets these properties for the test server; they win over any environment. */
  private static <T> T withoutProperty(String key, Supplier<T> lookup) {
    String previous = System.getProperty(key);
    System.clearProperty(key);
    try {
      return lookup.get();
    } finally {
      if (previous != null) {
        System.setProperty(key, previous);
      }
    }
  }
}
