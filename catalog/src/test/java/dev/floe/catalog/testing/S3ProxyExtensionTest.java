package dev.floe.catalog.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ProxyExtensionTest {
  @RegisterExtension static S3ProxyExtension s3 = new S3ProxyExtension();

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "label", Types.StringType.get()));

  @TempDir Path catalogDir;

  @Test
  void createsAndAppendsToTableOnS3Warehouse() throws Exception {
    assertThat(s3.endpoint()).startsWith("http://127.0.0.1:");
    TableIdentifier id = TableIdentifier.of(Namespace.of("ns_s3"), "t");

    // Independent of Floe's catalog modes: a plain JdbcCatalog whose files live on S3Proxy.
    try (JdbcCatalog catalog = catalog()) {
      catalog.createNamespace(id.namespace());
      Table table = catalog.createTable(id, SCHEMA, PartitionSpec.unpartitioned());
      assertThat(table.location()).startsWith(s3.warehouse() + "/");
      GenericData.append(
          table, "main", FileFormat.PARQUET, List.of(row(1L, "cat"), row(2L, "dog")));
    }

    try (JdbcCatalog reopened = catalog()) {
      assertThat(GenericData.read(reopened.loadTable(id), "main"))
          .extracting(r -> r.getField("id"), r -> r.getField("label"))
          .containsExactlyInAnyOrder(tuple(1L, "cat"), tuple(2L, "dog"));
    }
    List<String> keys =
        s3
            .s3Client()
            .listObjectsV2(b -> b.bucket(s3.bucket()).prefix("warehouse/"))
            .contents()
            .stream()
            .map(S3Object::key)
            .toList();
    assertThat(keys)
        .anyMatch(key -> key.endsWith(".parquet"))
        .anyMatch(key -> key.endsWith(".metadata.json"));
  }

  private JdbcCatalog catalog() {
    Map<String, String> properties = new HashMap<>(s3.icebergProperties());
    properties.put(CatalogProperties.URI, "jdbc:sqlite:" + catalogDir.resolve("catalog.db"));
    properties.put(CatalogProperties.WAREHOUSE_LOCATION, s3.warehouse());
    properties.put("jdbc.schema-version", "V1");
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.initialize("s3_test", properties);
    return catalog;
  }

  private static Record row(long id, String label) {
    Record record = GenericRecord.create(SCHEMA);
    record.setField("id", id);
    record.setField("label", label);
    return record;
  }
}
