package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloeConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsToEmbeddedCatalogInLocalWarehouse() {
    FloeConfig config = FloeConfig.builder().build();

    assertThat(config.mode()).isEqualTo(CatalogMode.EMBEDDED);
    assertThat(config.localWarehouse()).isEqualTo(Path.of("floe-warehouse").toAbsolutePath());
  }

  @Test
  void laterLayersOverrideEarlierOnes() throws Exception {
    Path file = dir.resolve("floe.properties");
    Files.writeString(file, "floe.warehouse=/from/file\nfloe.catalog.name=filecat\n");

    FloeConfig config =
        FloeConfig.builder()
            .file(file)
            .env(Map.of("FLOE_WAREHOUSE", "/from/env", "HOME", "/root"))
            .set(FloeProperties.CATALOG_NAME, "flagcat")
            .build();

    assertThat(config.warehouse()).isEqualTo("/from/env");
    assertThat(config.get(FloeProperties.CATALOG_NAME, null)).isEqualTo("flagcat");
  }

  @Test
  void mapsEnvironmentNamesToKeys() {
    FloeConfig config =
        FloeConfig.builder()
            .env(
                Map.of(
                    "FLOE_CATALOG_MODE", "nessie", "FLOE_NESSIE_URI", "http://127.0.0.1:1/api/v2"))
            .build();

    assertThat(config.mode()).isEqualTo(CatalogMode.NESSIE);
    assertThat(config.get(FloeProperties.NESSIE_URI, null)).isEqualTo("http://127.0.0.1:1/api/v2");
  }

  @Test
  void warnsAboutUnknownS3KeysWithSuggestion() {
    FloeConfig config =
        FloeConfig.builder()
            .set("s3.endpiont", "http://127.0.0.1:9000")
            .set("s3.path-style-acess", "true")
            .set("s3.no-such-thing-at-all", "x")
            .build();

    assertThat(config.warnings())
        .containsExactly(
            "Unknown property s3.endpiont, ignored by S3FileIO (did you mean s3.endpoint?)",
            "Unknown property s3.no-such-thing-at-all, ignored by S3FileIO",
            "Unknown property s3.path-style-acess, ignored by S3FileIO"
                + " (did you mean s3.path-style-access?)");
  }

  @Test
  void knownS3KeysAndPrefixedKeysDoNotWarn() {
    FloeConfig config =
        FloeConfig.builder()
            .set("s3.endpoint", "http://127.0.0.1:9000")
            .set("s3.path-style-access", "true")
            .set("s3.retry.num-retries", "1")
            .set("s3.write.storage-class", "STANDARD_IA")
            .set("s3.write.tags.team", "ml")
            .set("s3.signer.uri", "http://127.0.0.1:1")
            .set("client.region", "us-east-1")
            .build();

    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void rejectsUnknownFloeKeyWithSuggestion() {
    assertThatThrownBy(() -> FloeConfig.builder().set("floe.catalog.mod", "embedded").build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Unknown property floe.catalog.mod (did you mean floe.catalog.mode?)");
  }

  @Test
  void rejectsUnknownMode() {
    assertThatThrownBy(() -> FloeConfig.builder().set(FloeProperties.CATALOG_MODE, "hive").build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(
            "Invalid floe.catalog.mode: 'hive' (expected one of embedded, nessie, rest)");
  }

  @Test
  void nessieModeNeedsUri() {
    assertThatThrownBy(
            () -> FloeConfig.builder().set(FloeProperties.CATALOG_MODE, "nessie").build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Missing floe.nessie.uri");
  }

  @Test
  void missingConfigFileIsAnError() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> FloeConfig.builder().file(missing))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Cannot read config file " + missing + ": no such file");
  }

  @Test
  void defaultConfigFileThatDoesNotExistAddsNothing() {
    FloeConfig config =
        FloeConfig.builder()
            .fileIfExists(dir.resolve("floe.properties"))
            .set(FloeProperties.WAREHOUSE, "wh")
            .build();

    assertThat(config.properties()).containsExactly(Map.entry(FloeProperties.WAREHOUSE, "wh"));
  }

  @Test
  void defaultConfigFileThatExistsIsRead() throws Exception {
    Path file = Files.writeString(dir.resolve("floe.properties"), "floe.warehouse=from-file\n");

    assertThat(FloeConfig.builder().fileIfExists(file).build().warehouse()).isEqualTo("from-file");
  }

  @Test
  void defaultConfigFileThatExistsButCannotBeReadIsAnError() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("floe.properties"));

    assertThatThrownBy(() -> FloeConfig.builder().fileIfExists(folder))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Cannot read config file " + folder);
  }

  @Test
  void malformedConfigFileIsAnError() throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "floe.warehouse=\\u12G4\n");

    assertThatThrownBy(() -> FloeConfig.builder().file(file))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Cannot read config file");
  }

  @Test
  void toStringRedactsSecrets() {
    FloeConfig config =
        FloeConfig.nessie("http://127.0.0.1:1/api/v2", "/w")
            .with(FloeProperties.NESSIE_TOKEN, "tok-123")
            .with("s3.secret-access-key", "sk-456");

    assertThat(config.toString())
        .doesNotContain("tok-123")
        .doesNotContain("sk-456")
        .contains("****");
  }

  @Test
  void passesNonFloeKeysToIceberg() {
    FloeConfig config = FloeConfig.embedded(dir).with("s3.endpoint", "http://127.0.0.1:9000");

    assertThat(config.icebergProperties()).containsEntry("s3.endpoint", "http://127.0.0.1:9000");
    assertThat(config.icebergProperties()).doesNotContainKey(FloeProperties.WAREHOUSE);
  }
}
