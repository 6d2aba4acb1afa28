package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build keeps the machine out of forked tests (parent pom, surefire): a home folder inside the
 * build and none of the {@code FLOE_*} variables Floe reads. {@code .ci/run} runs the suite with
 * stray ones exported, which these tests then prove never arrived.
 */
class TestIsolationTest {
  /** Variables Floe reads besides the {@code FLOE_*} twins of its configuration keys. */
  private static final List<String> OTHER_VARIABLES =
      List.of("FLOE_NESSIE_JAVA", "FLOE_NESSIE_RUNNER_JAR", "FLOE_JAVA_OPTS");

  @Test
  void forkedTestsGetAHomeInsideTheBuild() {
    assertThat(Path.of(System.getProperty("user.home")))
        .endsWithRaw(Path.of("target", "test-home"));
  }

  @Test
  void forkedTestsSeeNoVariableFloeReads() {
    assertThat(System.getenv().keySet()).doesNotContainAnyElementsOf(variablesFloeReads());
  }

  @Test
  void theParentPomExcludesEveryVariableFloeReads() throws IOException {
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    String pom = Files.readString(module.toAbsolutePath().getParent().resolve("pom.xml"));
    Matcher names = Pattern.compile("<name>([A-Z0-9_]+)</name>").matcher(pom);
    Set<String> excluded = names.results().map(m -> m.group(1)).collect(Collectors.toSet());

    assertThat(excluded).containsAll(variablesFloeReads()).contains("AWS_REGION");
  }

  /** The names {@link FloeConfig.Builder#env} maps to configuration keys, and the others. */
  private static Set<String> variablesFloeReads() {
    Stream<String> keys =
        FloeProperties.KNOWN.stream()
            .map(k -> k.toUpperCase(Locale.ROOT).replace("-", "__").replace('.', '_'));
    return Stream.concat(keys, OTHER_VARIABLES.stream()).collect(Collectors.toSet());
  }
}
