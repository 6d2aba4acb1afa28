package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.FloeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@link SparkEngine} takes Spark from, checked before anything starts. */
class SparkEngineTest {
  @TempDir Path dir;

  @Test
  void sparkSettingsComeFromFloesConfigurationAndEnvironment() {
    FloeConfig config =
        FloeConfig.builder()
            .set("floe.warehouse", dir.toString())
            .env(Map.of("FLOE_SPARK_MASTER", "local[3]", "FLOE_SPARK_CLASSPATH", "/x/*"))
            .build();
    assertThat(config.get(SparkProperties.MASTER, null)).isEqualTo("local[3]");
    assertThat(config.get(SparkProperties.CLASSPATH, null)).isEqualTo("/x/*");
  }

  @Test
  void refusesAnUnknownSparkKeyNamingTheKnownOnes() {
    FloeConfig config = FloeConfig.embedded(dir).with("floe.spark.mastr", "local[2]");
    assertThatThrownBy(() -> SparkEngine.builder(config).check())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown property floe.spark.mastr")
        .hasMessageContaining(SparkProperties.MASTER);
  }

  @Test
  void withoutSparkItSaysWhereToPutIt() {
    assertThatThrownBy(() -> SparkEngine.builder(FloeConfig.embedded(dir)).check())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot run on Spark: no Spark found; set SPARK_HOME");
  }

  @Test
  void aSparkHomeWithoutJarsOrWithoutSparkIsNamed() throws IOException {
    Path home = dir.resolve("spark");
    Files.createDirectories(home);
    assertThatThrownBy(() -> SparkEngine.builder(FloeConfig.embedded(dir)).sparkHome(home).check())
        .hasMessage("Cannot run on Spark: SPARK_HOME " + home + " has no jars/ folder");

    Files.createDirectories(home.resolve("jars"));
    Files.write(home.resolve("jars/not-spark.jar"), new byte[0]);
    assertThatThrownBy(
            () ->
                SparkEngine.builder(FloeConfig.embedded(dir))
                    .environment(Map.of("SPARK_HOME", home.toString()))
                    .check())
        .hasMessageStartingWith("Cannot run on Spark: no Spark 3.5 (spark-sql_2.12) in " + home);
  }

  @Test
  void aMissingClasspathEntryIsNamed() {
    Path missing = dir.resolve("nope.jar");
    assertThatThrownBy(
            () ->
                SparkEngine.builder(FloeConfig.embedded(dir)).classpath(missing.toString()).check())
        .hasMessage("Cannot run on Spark: classpath entry " + missing + " does not exist");
  }
}
