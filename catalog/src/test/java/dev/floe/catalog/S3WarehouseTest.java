package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.NessieServerExtension;
import dev.floe.catalog.testing.S3ProxyExtension;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Warehouses on an S3-compatible server (S3Proxy on 127.0.0.1) in embedded and nessie mode. */
class S3WarehouseTest {
  @RegisterExtension static S3ProxyExtension s3 = new S3ProxyExtension();
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path dbDir;

  /** Only what a user sets: endpoint, path style, keys. Floe adds io-impl, HTTP client, region. */
  static FloeConfig.Builder s3Config(String prefix) {
    return FloeConfig.builder()
        .set(FloeProperties.WAREHOUSE, "s3://" + s3.bucket() + "/" + prefix)
        .set("s3.endpoint", s3.endpoint())
        .set("s3.path-style-access", "true")
        .set("s3.access-key-id", s3.accessKey())
        .set("s3.secret-access-key", s3.secretKey());
  }

  @Test
  void embeddedModeKeepsDataOnS3AndItsDatabaseInALocalFolder() {
    FloeConfig config =
        s3Config("embedded")
            .set(FloeProperties.EMBEDDED_DB_DIR, dbDir.toString())
            .set("s3.write.storage-class", "STANDARD_IA")
            .build();
    try (Floe floe = Floe.open(config)) {
      Table table =
          floe.tables().createIfAbsent("ml.events", FloeTablesTest.SCHEMA, unpartitioned());
      TestRows.append(table, "main", 1, 2, 3);
      assertThat(table.location()).startsWith("s3://" + s3.bucket() + "/embedded/");
    }

    try (Floe reopened = Floe.open(config)) {
      assertThat(TestRows.ids(reopened.tables().load("ml.events"), "main"))
          .containsExactly(1L, 2L, 3L);
    }
    assertThat(dbDir.resolve(FloeProperties.EMBEDDED_DB_FILE)).isRegularFile();
    List<String> keys = keys("embedded/");
    assertThat(keys).anyMatch(k -> k.endsWith(".parquet")).anyMatch(k -> k.endsWith(".json"));
    String parquet = keys.stream().filter(k -> k.endsWith(".parquet")).findFirst().orElseThrow();
    // s3.write.storage-class passes through to every PUT (S3Proxy keeps it on single PUTs).
    assertThat(
            s3.s3Client()
                .headObject(b -> b.bucket(s3.bucket()).key(parquet))
                .storageClassAsString())
        .isEqualTo("STANDARD_IA");
  }

  @Test
  void nessieModeBranchesAndMergesTablesOnS3() {
    FloeConfig config =
        s3Config("nessie")
            .set(FloeProperties.CATALOG_MODE, "nessie")
            .set(FloeProperties.NESSIE_URI, nessie.uri())
            .build();
    String name = nessie.uniqueName("s3ns") + ".events";
    String exp = nessie.uniqueName("exp");
    try (Floe floe = Floe.open(config)) {
      Table table = floe.tables().createIfAbsent(name, FloeTablesTest.SCHEMA, unpartitioned());
      TestRows.append(table, "main", 1);
      floe.experiments().create(exp).commit();
      ResolvedTable onBranch = floe.tables().resolve(name + "@" + exp);
      TestRows.append(onBranch.table(), onBranch.ref(), 2);
      assertThat(TestRows.ids(floe.tables().load(name), "main")).containsExactly(1L);
      floe.experiments().merge(exp);
    }

    try (Floe reopened = Floe.open(config)) {
      assertThat(TestRows.ids(reopened.tables().load(name), "main")).containsExactly(1L, 2L);
    }
    assertThat(keys("nessie/")).anyMatch(k -> k.endsWith(".parquet"));
  }

  private static List<String> keys(String prefix) {
    return s3
        .s3Client()
        .listObjectsV2(b -> b.bucket(s3.bucket()).prefix(prefix))
        .contents()
        .stream()
        .map(S3Object::key)
        .toList();
  }

  private static PartitionSpec unpartitioned() {
    return PartitionSpec.unpartitioned();
  }
}
