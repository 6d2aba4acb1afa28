package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableRefTest {
  @Test
  void parsesNessieCommitHashesAfterARefOrTheTable() {
    TableRef onBranch = TableRef.parse("ml.events@exp-1#0a1b2c3d4e5f");
    assertThat(onBranch.ref()).isEqualTo("exp-1");
    assertThat(onBranch.hash()).isEqualTo("0a1b2c3d4e5f");
    assertThat(onBranch.isMain()).isFalse();
    assertThat(onBranch).hasToString("ml.events@exp-1#0a1b2c3d4e5f");

    TableRef onMain = TableRef.parse("ml.events#0a1b2c3d");
    assertThat(onMain.ref()).isEqualTo("main");
    assertThat(onMain.hasHash()).isTrue();
    assertThat(onMain.isMain()).isFalse();
    assertThat(onMain).hasToString("ml.events#0a1b2c3d");

    assertThat(TableRef.parse("ml.events").isMain()).isTrue();
  }

  @Test
  void rejectsWhatIsNotACommitHash() {
    assertThatThrownBy(() -> TableRef.parse("ml.events@exp#xyz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'xyz' after '#' is not a Nessie commit hash");
    assertThatThrownBy(() -> TableRef.parse("ml.events#abc"))
        .hasMessageContaining("'abc' after '#' is not a Nessie commit hash");
  }

  @Test
  void embeddedCatalogRefusesCommitHashes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path wh) {
    try (Floe floe = Floe.open(FloeConfig.embedded(wh))) {
      assertThatThrownBy(() -> floe.tables().resolve("ml.events#0a1b2c3d"))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("Nessie commit hashes need nessie mode");
    }
  }
}
