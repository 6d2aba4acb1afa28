package dev.floe.catalog.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class NessieServerExtensionTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "label", Types.StringType.get()));

  @TempDir Path warehouse;

  @Test
  void createsAndAppendsToTableThroughNessie() {
    assertThat(URI.create(nessie.uri()).getHost()).isEqualTo("127.0.0.1");
    assertThat(nessie.uri()).endsWith("/api/v2");
    String name = nessie.uniqueName("ns_x") + ".t";
    FloeConfig config = FloeConfig.nessie(nessie.uri(), warehouse.toString());

    try (Floe floe = Floe.open(config)) {
      Table table = floe.tables().createIfAbsent(name, SCHEMA, PartitionSpec.unpartitioned());
      GenericData.append(table, "main", FileFormat.PARQUET, List.of(row(1L, "cat"), row(2L, null)));
    }

    try (Floe reopened = Floe.open(config)) {
      List<Record> rows = GenericData.read(reopened.tables().load(name), "main");
      assertThat(rows)
          .extracting(r -> r.getField("id"), r -> r.getField("label"))
          .containsExactlyInAnyOrder(tuple(1L, "cat"), tuple(2L, null));
    }
  }

  private static Record row(long id, String label) {
    Record record = GenericRecord.create(SCHEMA);
    record.setField("id", id);
    record.setField("label", label);
    return record;
  }
}
