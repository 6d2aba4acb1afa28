package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Path;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommittedBatchesTest {
  @TempDir Path warehouse;

  @Test
  void listsProducersByPrefixAndTheirCommittedBatchesAtTheBranchHead() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = Events.create(floe);
      try (TableWriter writer = TableWriter.forTable(table).producerId("cli").build()) {
        assertThat(writer.committed().producers("")).isEmpty();
        writer.append(withProducer("cli:sha256:ab:10", 0, 1));
        writer.append(withProducer("cli:sha256:ab:10", 2, 2));
        writer.append(withProducer("cli:sha256:cd:5", 0, 3));
        writer.append(withProducer("cli:a.jsonl", 0, 4));

        CommittedBatches committed = writer.committed();

        assertThat(committed.producers("cli:sha256:"))
            .containsExactly("cli:sha256:ab:10", "cli:sha256:cd:5");
        assertThat(committed.producers("cli:sha256:ab:")).containsExactly("cli:sha256:ab:10");
        assertThat(committed.producers("other")).isEmpty();
        assertThat(committed.contains("cli:sha256:ab:10", 0)).isTrue();
        assertThat(committed.contains("cli:sha256:ab:10", 1)).isFalse();
        assertThat(committed.contains("cli:sha256:ab:10", 2)).isTrue();
        assertThat(committed.contains("nobody", 0)).isFalse();
        assertThat(committed.ceiling("cli:sha256:ab:10", 0)).isZero();
        assertThat(committed.ceiling("cli:sha256:ab:10", 1)).isEqualTo(2);
        assertThat(committed.ceiling("cli:sha256:ab:10", 3)).isEqualTo(-1);
        assertThat(committed.ceiling("nobody", 0)).isEqualTo(-1);
      }
    }
  }

  private static Batch withProducer(String producer, long sequence, long id) {
    Batch batch = Events.batch(sequence, id, 1);
    return Batch.of(sequence, batch.schema(), batch.records()).forProducer(producer);
  }
}
