package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** writeArrow writes the Arrow IPC file format other tools open; writeArrowStream the stream. */
class ArrowFileExportTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  @TempDir Path runs;
  private Floe floe;
  private BufferAllocator allocator;
  private TrainingLock lock;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
    var table = TestEvents.create(floe);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 50));
    TestEvents.append(table, FileFormat.ORC, TestEvents.rows(table, 50, 90));
    lock = TimeTravel.pin(floe, TestEvents.NAME).select("id", "label").commit();
  }

  @Test
  void writeArrowWritesTheFileFormatAndWriteArrowStreamTheStream() throws IOException {
    Path file = runs.resolve("events.arrow");
    Path stream = runs.resolve("events.arrows");

    assertThat(TimeTravel.rehydrate(floe, lock).writeArrow(file, allocator)).isEqualTo(90);
    assertThat(TimeTravel.rehydrate(floe, lock).writeArrowStream(stream, allocator)).isEqualTo(90);

    assertThat(new String(Files.readAllBytes(file), 0, 6, StandardCharsets.US_ASCII))
        .isEqualTo("ARROW1");
    try (SeekableByteChannel channel = Files.newByteChannel(file);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      assertThat(reader.getRecordBlocks()).isNotEmpty();
      assertThat(rows(reader)).isEqualTo(90);
      assertThat(reader.getVectorSchemaRoot().getSchema().getFields())
          .extracting(f -> f.getName())
          .containsExactly("id", "label");
    }
    assertThat(new String(Files.readAllBytes(stream), 0, 6, StandardCharsets.US_ASCII))
        .isNotEqualTo("ARROW1");
    try (SeekableByteChannel channel = Files.newByteChannel(stream);
        ArrowStreamReader reader = new ArrowStreamReader(channel, allocator)) {
      assertThat(rows(reader)).isEqualTo(90);
    }
  }

  @Test
  void noRowsStillGiveAFileWithTheSchema() throws IOException {
    TrainingLock none =
        TimeTravel.pin(floe, TestEvents.NAME)
            .select("id", "label")
            .filter(Expressions.lessThan("id", -1L))
            .tag("none")
            .commit();
    Path file = runs.resolve("none.arrow");

    assertThat(TimeTravel.rehydrate(floe, none).writeArrow(file, allocator)).isZero();

    try (SeekableByteChannel channel = Files.newByteChannel(file);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      assertThat(rows(reader)).isZero();
      assertThat(reader.getVectorSchemaRoot().getSchema().getFields()).hasSize(2);
    }
  }

  @Test
  void pyarrowOpensTheFileAndReadsItAsADataset() throws Exception {
    Assumptions.assumeTrue(
        python("import pyarrow.ipc, pyarrow.dataset") == 0,
        "python3 with pyarrow is not installed here (pip install pyarrow to run this test)");
    Path file = runs.resolve("events.arrow");
    TimeTravel.rehydrate(floe, lock).writeArrow(file, allocator);
    Path out = runs.resolve("pyarrow.txt");

    int exit =
        python(
            "import sys, pyarrow.ipc, pyarrow.dataset\n"
                + "t = pyarrow.ipc.open_file(sys.argv[1]).read_all()\n"
                + "d = pyarrow.dataset.dataset(sys.argv[1], format='arrow').to_table()\n"
                + "open(sys.argv[2], 'w').write('%d %d %s %s' % (t.num_rows, d.num_rows,"
                + " ','.join(t.column_names), sum(t.column('id').to_pylist())))\n",
            file.toString(), out.toString());

    assertThat(exit).isZero();
    assertThat(Files.readString(out)).isEqualTo("90 90 id,label " + (89 * 90 / 2));
  }

  private static long rows(ArrowReader reader) throws IOException {
    long rows = 0;
    while (reader.loadNextBatch()) {
      rows += reader.getVectorSchemaRoot().getRowCount();
    }
    return rows;
  }

  // python3 -c script args; its exit code, or -1 when python3 cannot be started.
  private static int python(String script, String... args) throws InterruptedException {
    String[] command = new String[args.length + 3];
    command[0] = "python3";
    command[1] = "-c";
    command[2] = script;
    System.arraycopy(args, 0, command, 3, args.length);
    try {
      Process process = new ProcessBuilder(command).inheritIO().start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      return -1;
    }
  }
}
