package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.catalog.testing.TempWarehouse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The writer's vectors are all freed once it closes: after commits, failures and duplicates. */
class WriterMemoryTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Table table;
  private BufferAllocator parent;

  @BeforeEach
  void open() {
    table = Events.create(temp.floe());
    parent = temp.resource(BufferAllocator.class);
  }

  @Test
  void aloneCommitsFailuresAndDuplicatesLeaveTheAllocatorEmpty() {
    try (TableWriter writer =
        TableWriter.forTable(table).producerId("p").allocator(parent).build()) {
      assertThat(writer.append(Events.batch(0, 0, 100)).duplicate()).isFalse();
      assertThat(writer.append(Events.batch(0, 0, 100)).duplicate()).isTrue();
      assertThatThrownBy(() -> writer.append(badBatch(1)))
          .isInstanceOf(SchemaEvolutionException.class)
          .hasMessageContaining("row 7");
      assertThat(parent.getChildAllocators()).hasSize(1);
      assertThat(parent.getAllocatedMemory()).isZero(); // freed once the files are written
    }
    assertThat(parent.getChildAllocators()).isEmpty();
    assertThat(parent.getAllocatedMemory()).isZero();
    assertThat(Events.read(table)).hasSize(100);
  }

  @Test
  void groupCommitsFailuresAndDuplicatesLeaveTheAllocatorEmpty() {
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    try (TableWriter writer =
        TableWriter.forTable(table)
            .producerId("p")
            .allocator(parent)
            .groupCommit(Duration.ofMillis(50), 1 << 20)
            .fillGroups()
            .build()) {
      for (int seq = 0; seq < 6; seq++) {
        results.add(writer.appendAsync(Events.batch(seq, seq * 100L, 100)));
      }
      results.add(writer.appendAsync(Events.batch(2, 200, 100))); // the same batch again
      CompletableFuture<AppendResult> bad = writer.appendAsync(badBatch(9));
      assertThat(bad).isCompletedExceptionally();
      CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();
      assertThat(writer.append(Events.batch(3, 300, 100)).duplicate()).isTrue();
    }
    assertThat(parent.getChildAllocators()).isEmpty();
    assertThat(parent.getAllocatedMemory()).isZero();
    assertThat(Events.ids(Events.read(table))).hasSize(600).doesNotHaveDuplicates();
  }

  @Test
  void aWriterWithoutAParentUsesAndClosesItsOwn() {
    TableWriter writer = TableWriter.forTable(table).producerId("p").build();
    writer.append(Events.batch(0, 0, 10));
    writer.close(); // would throw on a leak
    assertThat(Events.read(table)).hasSize(10);
  }

  // Row 7 lacks the required id.
  private static Batch badBatch(long sequence) {
    List<Record> records = new ArrayList<>(Events.batch(sequence, 1000, 20).records());
    Record bad = records.get(7).copy();
    bad.setField("id", null);
    records.set(7, bad);
    return Batch.of(sequence, Events.SCHEMA, records);
  }
}
