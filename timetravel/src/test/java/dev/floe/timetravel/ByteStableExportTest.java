package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two exports of one lock are the same bytes: a user who hashes them sees no change. */
class ByteStableExportTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  @TempDir Path runs;
  private Floe floe;

  @BeforeEach
  void open() {
    floe = temp.floe();
    var table = TestEvents.create(floe);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 500));
  }

  @Test
  void twoParquetExportsOfOneLockAreByteIdentical() throws IOException {
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).shuffle(3).commit();

    TimeTravel.rehydrate(floe, lock).writeParquet(runs.resolve("a/events.parquet"));
    TimeTravel.rehydrate(floe, lock).writeParquet(runs.resolve("b/events.parquet"));

    assertThat(Files.readAllBytes(runs.resolve("b/events.parquet")))
        .isEqualTo(Files.readAllBytes(runs.resolve("a/events.parquet")));
    // Within one JVM parquet-java's hash-ordered lists agree by chance; across JVMs only when
    // sorted, so sorted is what is checked.
    assertFooterListsSorted(runs.resolve("a/events.parquet"));
  }

  @Test
  void partExportsHaveSortedFooterLists() {
    TrainingLock lock =
        TimeTravel.pin(floe, TestEvents.NAME)
            .split(Split.by("id").train(0.5).validation(0.25).test(0.25).seed(1).build())
            .commit();

    for (AllParts.PartFile part :
        TimeTravel.rehydrate(floe, lock).allParts().writeParquet(runs.resolve("parts"))) {
      assertFooterListsSorted(part.file());
    }
  }

  private static void assertFooterListsSorted(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int length =
          ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      FileMetaData footer =
          Util.readFileMetaData(new ByteArrayInputStream(bytes, bytes.length - 8 - length, length));
      int chunks = 0;
      for (RowGroup group : footer.getRow_groups()) {
        for (ColumnChunk chunk : group.getColumns()) {
          List<Integer> encodings =
              chunk.getMeta_data().getEncodings().stream().map(Encoding::getValue).toList();
          assertThat(encodings).as("%s", chunk.getMeta_data().getPath_in_schema()).isSorted();
          chunks++;
        }
      }
      assertThat(chunks).isPositive();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void twoArrowExportsOfOneLockAreByteIdentical() throws IOException {
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).commit();

    try (BufferAllocator allocator = new RootAllocator()) {
      TimeTravel.rehydrate(floe, lock).writeArrow(runs.resolve("a/e.arrow"), allocator);
      TimeTravel.rehydrate(floe, lock).writeArrow(runs.resolve("b/e.arrow"), allocator);
    }

    assertThat(Files.readAllBytes(runs.resolve("b/e.arrow")))
        .isEqualTo(Files.readAllBytes(runs.resolve("a/e.arrow")));
  }
}
