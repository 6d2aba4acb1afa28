package dev.floe.ingest.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.ingest.ArrowInput;
import dev.floe.ingest.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV and JSON lines read straight into Arrow columns ({@link InputOptions#withArrowInput}): a
 * batch whose values all convert holds Arrow buffers, any other is the very map rows read without
 * it. Holding buffers (the allocator's memory) is how a test tells the two kinds apart.
 */
class ArrowTextInputTest {
  private static final Schema TABLE =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "label", Types.StringType.get()),
          Types.NestedField.optional(3, "ts", Types.TimestampType.withZone()));

  @TempDir Path dir;
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close(); // also checks that every Arrow batch was released
  }

  private InputOptions arrow() {
    return InputOptions.defaults()
        .withAllocator(allocator)
        .withArrowInput(ArrowInput.forTable(TABLE, Map.of()));
  }

  @Test
  void csvBatchWhoseValuesConvertComesAsArrowColumnsOfTheTableTypes() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("rows.csv"),
            "id,label,ts\n1,a,2026-11-01T00:00:00Z\n\n2,,2026-11-02T00:00:00+01:00\n");

    try (RowBatches rows = InputFiles.open(file, arrow())) {
      Batch batch = rows.next(0, 10);
      try {
        assertThat(allocator.getAllocatedMemory()).isPositive();
        assertThat(batch.rows()).hasSize(2);
        assertThat(batch.rows().get(0)).containsEntry("id", 1L).containsEntry("label", "a");
        assertThat(batch.rows().get(1)).containsEntry("id", 2L).doesNotContainKey("label"); // null
        assertThat(rows.at(1, "bad value")).hasMessage(file + ":4: bad value");
      } finally {
        ArrowInput.release(batch);
      }
      assertThat(allocator.getAllocatedMemory()).isZero();
      assertThat(rows.next(1, 10)).isNull();
    }
  }

  @Test
  void csvBatchWithAValueThatDoesNotConvertIsTheSameMapRowsAsWithoutArrow() throws IOException {
    Path file = Files.writeString(dir.resolve("rows.csv"), "id,label\n1,a\n2,b\nx,c\n4,\n");

    try (RowBatches rows = InputFiles.open(file, arrow());
        RowBatches plain = InputFiles.open(file, InputOptions.defaults())) {
      Batch good = rows.next(0, 2);
      assertThat(allocator.getAllocatedMemory()).isPositive();
      ArrowInput.release(good);
      plain.next(0, 2);

      Batch bad = rows.next(1, 2);
      assertThat(allocator.getAllocatedMemory()).isZero();
      assertThat(bad.rows()).isEqualTo(plain.next(1, 2).rows());
      assertThat(bad.rows().get(0)).containsEntry("id", "x"); // as read, for the writer to refuse
      assertThat(rows.at(0, "bad value")).hasMessage(file + ":4: bad value");
    }
  }

  @Test
  void csvNamingAColumnTheTableLacksOrMissingARequiredOneIsMapRows() throws IOException {
    Path unknown = Files.writeString(dir.resolve("unknown.csv"), "id,colour\n1,red\n");
    Path noId = Files.writeString(dir.resolve("no-id.csv"), "label\na\n");

    for (Path file : List.of(unknown, noId)) {
      try (RowBatches rows = InputFiles.open(file, arrow());
          RowBatches plain = InputFiles.open(file, InputOptions.defaults())) {
        assertThat(rows.next(0, 10).rows()).isEqualTo(plain.next(0, 10).rows());
        assertThat(allocator.getAllocatedMemory()).isZero();
      }
    }
  }

  @Test
  void jsonLinesGoAsArrowWhenEveryValueConvertsAndAsTheirMapRowsOtherwise() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("rows.jsonl"),
            "{\"id\": 1, \"label\": \"a\"}\n{\"id\": 2}\n{\"id\": 3.5, \"label\": \"c\"}\n");

    try (RowBatches rows = InputFiles.open(file, arrow());
        RowBatches plain = InputFiles.open(file, InputOptions.defaults())) {
      Batch good = rows.next(0, 2);
      try {
        assertThat(allocator.getAllocatedMemory()).isPositive();
        assertThat(good.rows().get(1)).isEqualTo(Map.of("id", 2L)); // a null is left out
      } finally {
        ArrowInput.release(good);
      }
      plain.next(0, 2);
      Batch fraction = rows.next(1, 2); // 3.5 is no long: the writer says so, from map rows
      assertThat(allocator.getAllocatedMemory()).isZero();
      assertThat(fraction.rows()).isEqualTo(plain.next(1, 2).rows());
    }
  }
}
