package dev.floe.catalog.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** The extension's callbacks are driven by hand: the leak case must fail the test it closes. */
class TempWarehouseTest {
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  private final List<String> events = new ArrayList<>();
  private Floe current;

  @Test
  void closesResourcesNewestFirstThenFloeThenDeletesTheWarehouse() throws Exception {
    TempWarehouse temp = TempWarehouse.embedded().with(() -> resource("a")).with(() -> fake("b"));

    temp.beforeEach(null);
    Path path = temp.path();
    Floe floe = temp.floe();
    current = floe;
    assertThat(temp.resource(Named.class).name()).isEqualTo("a");
    temp.afterEach(null);

    assertThat(events).containsExactly("b closed, Floe open", "a closed, Floe open");
    assertThat(isOpen(floe)).isFalse();
    assertThat(path).doesNotExist();
  }

  @Test
  void aLeakStillClosesFloeAndKeepsTheWarehouseForALook() throws Exception {
    TempWarehouse temp =
        TempWarehouse.embedded()
            .with(
                () ->
                    () -> {
                      throw new IllegalStateException("Memory was leaked by query");
                    });
    temp.beforeEach(null);
    Path path = temp.path();
    Floe floe = temp.floe();

    assertThatThrownBy(() -> temp.afterEach(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Memory was leaked by query");

    assertThat(isOpen(floe)).isFalse();
    assertThat(path).isDirectory();
    TempWarehouse.Opened.open(path, List.of()).close(); // clean up, as a passing test would
    assertThat(path).doesNotExist();
  }

  @Test
  void aResourceThatFailsToOpenClosesWhatWasOpened() {
    TempWarehouse temp =
        TempWarehouse.embedded()
            .with(() -> fake("a"))
            .with(
                () -> {
                  throw new IllegalStateException("no memory");
                });

    assertThatThrownBy(() -> temp.beforeEach(null)).hasMessage("no memory");

    assertThat(events).containsExactly("a closed, Floe unknown");
    assertThatThrownBy(temp::floe)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No warehouse open");
  }

  @Test
  void namesTheResourceTypeItCannotFind() throws Exception {
    TempWarehouse temp = TempWarehouse.embedded();
    temp.beforeEach(null);
    try {
      assertThatThrownBy(() -> temp.resource(Named.class))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Named.class.getName())
          .hasMessageContaining("found 0");
    } finally {
      temp.afterEach(null);
    }
  }

  private record Named(String name, Runnable onClose) implements AutoCloseable {
    @Override
    public void close() {
      onClose.run();
    }
  }

  private Named resource(String name) {
    return new Named(name, () -> events.add(name + " closed, Floe " + state()));
  }

  private AutoCloseable fake(String name) {
    return () -> events.add(name + " closed, Floe " + state());
  }

  private String state() {
    if (current == null) {
      return "unknown";
    }
    return isOpen(current) ? "open" : "closed";
  }

  /** A closed embedded catalog refuses every call: its connection pool is shut. */
  private static boolean isOpen(Floe floe) {
    try {
      floe.tables().createIfAbsent("db.probe", SCHEMA, PartitionSpec.unpartitioned());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
