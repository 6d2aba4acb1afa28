package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.ForeignCatalogException;
import dev.floe.catalog.testing.FaultProxy;
import dev.floe.catalog.testing.NessieServerExtension;
import dev.floe.catalog.testing.S3ProxyExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One catalog per S3 warehouse: "hosts" are embedded catalogs with different database folders on
 * one warehouse of S3Proxy. The first to open records itself in {@code .floe-owner.json}.
 */
class WarehouseOwnerTest {
  @RegisterExtension static S3ProxyExtension s3 = new S3ProxyExtension();
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path hostA;
  @TempDir Path hostB;

  @Test
  void secondEmbeddedCatalogOnOneWarehouseIsRefusedNamingNessieOrRest() {
    String prefix = "two-hosts";
    try (Floe a = Floe.open(embedded(prefix, hostA))) {
      Table table = a.tables().createIfAbsent("ml.events", FloeTablesTest.SCHEMA, unpartitioned());
      TestRows.append(table, "main", 1, 2);
    }

    assertThatThrownBy(() -> Floe.open(embedded(prefix, hostB)).close())
        .isInstanceOf(ForeignCatalogException.class)
        .hasMessageStartingWith("Cannot open warehouse s3://floe-test/two-hosts in embedded mode")
        .hasMessageContaining("it belongs to the embedded catalog " + catalogId(hostA))
        .hasMessageContaining("share a warehouse through nessie or rest mode")
        .hasMessageNotContaining("\n");
    assertThat(hostB.resolve(FloeProperties.EMBEDDED_DB_FILE)).doesNotExist();
    try (Floe a = Floe.open(embedded(prefix, hostA))) {
      assertThat(TestRows.ids(a.tables().load("ml.events"), "main")).containsExactly(1L, 2L);
    }
  }

  @Test
  void sameCatalogReopensItsWarehouse() {
    for (int i = 0; i < 3; i++) {
      try (Floe floe = Floe.open(embedded("reopen", hostA))) {
        TestRows.append(
            floe.tables().createIfAbsent("ml.t", FloeTablesTest.SCHEMA, unpartitioned()),
            "main",
            i);
      }
    }
    try (Floe floe = Floe.open(embedded("reopen", hostA))) {
      assertThat(TestRows.ids(floe.tables().load("ml.t"), "main")).containsExactly(0L, 1L, 2L);
    }
    assertThat(object("reopen/" + WarehouseOwner.MARKER))
        .contains("\"mode\" : \"embedded\"")
        .contains(catalogId(hostA))
        .contains(hostA.toString());
  }

  @Test
  void concurrentFirstOpensLeaveExactlyOneOwner() throws Exception {
    int hosts = 6;
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < hosts; i++) {
      dirs.add(hostB.resolve("host-" + i));
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(hosts);
    List<Future<Boolean>> opened = new ArrayList<>();
    try {
      for (Path dir : dirs) {
        opened.add(
            pool.submit(
                () -> {
                  start.await();
                  try (Floe floe = Floe.open(embedded("race", dir))) {
                    return true;
                  } catch (ForeignCatalogException e) {
                    return false;
                  }
                }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> f : opened) {
        winners += f.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void s3ProxyHonoursIfNoneMatchOnPut() {
    String key = "conditional/" + WarehouseOwner.MARKER;
    // Unconditional, so the SDK may retry it safely: a first attempt that reached the server but
    // lost its connection would make a conditional retry fail with 412 (seen once in CI).
    s3.s3Client().putObject(b -> b.bucket(s3.bucket()).key(key), RequestBody.fromString("first"));

    assertThatThrownBy(
            () ->
                s3.s3Client()
                    .putObject(
                        b -> b.bucket(s3.bucket()).key(key).ifNoneMatch("*"),
                        RequestBody.fromString("second")))
        .isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(412));
    assertThat(object(key)).isEqualTo("first");
  }

  @Test
  void serverWithoutConditionalWritesStillRecordsTheOwner() {
    try (FaultProxy proxy = FaultProxy.start(s3.endpoint())) {
      // Answers the conditional PUT with 501 NotImplemented, as servers without it do.
      proxy.inject(FaultProxy.Fault.NOT_IMPLEMENTED, "PUT", ".*/" + WarehouseOwner.MARKER, 1);
      FloeConfig viaProxy =
          FloeConfig.builder()
              .setAll(embedded("unconditional", hostA).properties())
              .set("s3.endpoint", proxy.endpoint())
              .build();

      try (Floe floe = Floe.open(viaProxy)) {
        floe.tables().createIfAbsent("ml.t", FloeTablesTest.SCHEMA, unpartitioned());
      }

      assertThat(proxy.injected(FaultProxy.Fault.NOT_IMPLEMENTED)).isEqualTo(1);
    }
    assertThat(object("unconditional/" + WarehouseOwner.MARKER)).contains(catalogId(hostA));
    assertThatThrownBy(() -> Floe.open(embedded("unconditional", hostB)).close())
        .isInstanceOf(ForeignCatalogException.class);
  }

  @Test
  void nessieAndEmbeddedCatalogsDoNotShareAWarehouse() {
    try (Floe floe = Floe.open(embedded("embedded-first", hostA))) {
      floe.tables().createIfAbsent("ml.t", FloeTablesTest.SCHEMA, unpartitioned());
    }
    assertThatThrownBy(() -> Floe.open(nessie("embedded-first")).close())
        .isInstanceOf(ForeignCatalogException.class)
        .hasMessageContaining("in nessie mode: it belongs to the embedded catalog");

    try (Floe floe = Floe.open(nessie("nessie-first"))) {
      assertThat(floe.config().mode()).isEqualTo(CatalogMode.NESSIE);
    }
    try (Floe again = Floe.open(nessie("nessie-first"))) {
      assertThat(again.config().mode()).isEqualTo(CatalogMode.NESSIE);
    }
    assertThatThrownBy(() -> Floe.open(embedded("nessie-first", hostB)).close())
        .isInstanceOf(ForeignCatalogException.class)
        .hasMessageContaining("in embedded mode: it belongs to the nessie-mode catalog at");
  }

  private static FloeConfig.Builder s3Config(String prefix) {
    return FloeConfig.builder()
        .set(FloeProperties.WAREHOUSE, "s3://" + s3.bucket() + "/" + prefix)
        .set("s3.endpoint", s3.endpoint())
        .set("s3.path-style-access", "true")
        .set("s3.access-key-id", s3.accessKey())
        .set("s3.secret-access-key", s3.secretKey());
  }

  private static FloeConfig embedded(String prefix, Path dbDir) {
    return s3Config(prefix).set(FloeProperties.EMBEDDED_DB_DIR, dbDir.toString()).build();
  }

  private static FloeConfig nessie(String prefix) {
    return s3Config(prefix)
        .set(FloeProperties.CATALOG_MODE, "nessie")
        .set(FloeProperties.NESSIE_URI, nessie.uri())
        .build();
  }

  private static String catalogId(Path dbDir) {
    return WarehouseOwner.catalogId(dbDir);
  }

  private static String object(String key) {
    return s3.s3Client().getObjectAsBytes(b -> b.bucket(s3.bucket()).key(key)).asUtf8String();
  }

  private static PartitionSpec unpartitioned() {
    return PartitionSpec.unpartitioned();
  }
}
