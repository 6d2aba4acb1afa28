package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileListenerTest {
  @TempDir Path warehouse;
  private Floe floe;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = Floe.open(FloeConfig.embedded(warehouse));
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
    floe.close();
  }

  @Test
  void listenerHearsEveryFileOnceInReadOrder() {
    Table table = TestEvents.create(floe);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    TestEvents.append(table, FileFormat.ORC, TestEvents.rows(table, 10, 20));
    List<String> heard = new ArrayList<>();

    try (ArrowBatches batches =
        TimeTravel.read(floe, TestEvents.NAME)
            .onFileOpened((file, files) -> heard.add(file + "/" + files))
            .arrow(allocator)) {
      batches.forEach(batch -> {});
    }

    assertThat(heard).containsExactly("1/4", "2/4", "3/4", "4/4");
  }
}
