package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.events.FloeEvent;
import dev.floe.catalog.testing.NessieServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A Nessie merge tells listeners of each table it published, from the branch to main. */
class MergeEventsTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path warehouse;

  @Test
  void aNessieMergeIsAPublishEventPerTableItMerged() {
    List<FloeEvent.Publish> heard = new CopyOnWriteArrayList<>();
    try (Floe floe = Floe.open(FloeConfig.nessie(nessie.uri(), warehouse.toString()))) {
      floe.events().register(e -> heard.add((FloeEvent.Publish) e));
      String ns = nessie.uniqueName("ns");
      String a = ns + ".a";
      String b = ns + ".b";
      TestRows.append(table(floe, a), "main", 1);
      TestRows.append(table(floe, b), "main", 10);
      String exp = nessie.uniqueName("exp");
      floe.experiments().create(exp).commit();
      ResolvedTable onA = floe.tables().resolve(a + "@" + exp);
      TestRows.append(onA.table(), onA.ref(), 2);
      long head = onA.table().currentSnapshot().snapshotId();

      ExperimentDiff merged = floe.experiments().merge(exp);

      assertThat(merged.tables()).hasSize(1);
      assertThat(floe.events().flush(Duration.ofSeconds(30))).isTrue();
      assertThat(heard).hasSize(1);
      FloeEvent.Publish event = heard.get(0);
      assertThat(event.kind()).isEqualTo("nessie-merge");
      assertThat(event.table()).isEqualTo(a);
      assertThat(event.fromBranch()).isEqualTo(exp);
      assertThat(event.toBranch()).isEqualTo("main");
      assertThat(event.fromSnapshotId()).isEqualTo(head);
      assertThat(event.snapshotId()).isEqualTo(head);
      assertThat(event.location()).isEqualTo(floe.tables().load(a).location());
    }
  }

  private static org.apache.iceberg.Table table(Floe floe, String name) {
    return floe.tables().createIfAbsent(name, FloeTablesTest.SCHEMA, PartitionSpec.unpartitioned());
  }
}
