package dev.floe.catalog;

import dev.floe.catalog.testing.NessieServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test: Floe open in nessie mode on a temp warehouse, with two tables of fresh names on main,
 * {@link #a()} holding ids 1 and 2 and {@link #b()} id 10; closed and deleted after the test.
 * Register it after the class's {@link NessieServerExtension}:
 *
 * <pre>{@code
 * @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();
 * @RegisterExtension final NessieTwoTables two = new NessieTwoTables(nessie);
 * }</pre>
 */
final class NessieTwoTables implements BeforeEachCallback, AfterEachCallback {
  private final NessieServerExtension nessie;
  private Path warehouse;
  private Floe floe;
  private String a;
  private String b;

  NessieTwoTables(NessieServerExtension nessie) {
    this.nessie = nessie;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    warehouse = Files.createTempDirectory("floe-nessie-warehouse");
    floe = Floe.open(FloeConfig.nessie(nessie.uri(), warehouse.toString()));
    String ns = nessie.uniqueName("ns");
    a = ns + ".a";
    b = ns + ".b";
    TestRows.append(create(a), "main", 1, 2);
    TestRows.append(create(b), "main", 10);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      floe.close();
    } finally {
      try (Stream<Path> paths = Files.walk(warehouse)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  Floe floe() {
    return floe;
  }

  String a() {
    return a;
  }

  String b() {
    return b;
  }

  /** Table {@code name} on main, created with the test schema if absent. */
  Table create(String name) {
    return floe.tables().createIfAbsent(name, FloeTablesTest.SCHEMA, PartitionSpec.unpartitioned());
  }
}
