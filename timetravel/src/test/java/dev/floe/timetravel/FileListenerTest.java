package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FileListenerTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
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
