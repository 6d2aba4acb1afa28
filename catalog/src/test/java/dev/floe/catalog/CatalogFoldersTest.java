package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Default folders of embedded catalogs of object-store warehouses, under a given home. */
class CatalogFoldersTest {
  @TempDir Path home;

  @Test
  void warehousesThatSlugTheSameGetDifferentFolders() {
    Path nested = CatalogFolders.of(home.toString(), "s3://b/team/a");
    Path underscore = CatalogFolders.of(home.toString(), "s3://b/team_a");

    assertThat(nested).isNotEqualTo(underscore);
    assertThat(nested.getParent()).isEqualTo(home.resolve(".floe").resolve("catalogs"));
    assertThat(nested.getFileName().toString()).matches("b_team_a-[0-9a-f]{12}");
  }

  @Test
  void oneWarehouseAlwaysGetsTheSameFolder() {
    assertThat(CatalogFolders.of(home.toString(), "s3://b/team/a/"))
        .isEqualTo(CatalogFolders.of(home.toString(), "s3://b/team/a"));
  }

  @Test
  void unknownHomeFailsInsteadOfAFolderNamedQuestionMark() {
    for (String home : new String[] {"?", "", "relative/home"}) {
      assertThatThrownBy(() -> CatalogFolders.of(home, "s3://b/w"))
          .isInstanceOf(InvalidConfigException.class)
          .hasMessage(
              "Cannot place the embedded catalog of s3://b/w: no home folder (user.home is '%s');"
                  + " set floe.embedded.db-dir",
              home);
    }
    assertThatThrownBy(() -> CatalogFolders.of(null, "s3://b/w"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("no home folder");
  }

  @Test
  void catalogAtTheOldPlaceIsNamedNotSilentlyReplaced() throws Exception {
    Path old = home.resolve(".floe/catalogs/b_team_a");
    Files.createDirectories(old);
    Files.writeString(old.resolve(FloeProperties.EMBEDDED_DB_FILE), "");

    assertThatThrownBy(() -> CatalogFolders.of(home.toString(), "s3://b/team/a"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(
            "Found the embedded catalog of s3://b/team/a at its old place " + old)
        .hasMessageContaining("set floe.embedded.db-dir to it");
  }
}
