package dev.floe.columnar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.RandomRows;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedInputFile;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rolling, aborting and refusing bad input in Floe's ORC partition writer. */
class OrcPartitionWriterTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private BufferAllocator allocator;
  private OrcTwins twins;

  @BeforeEach
  void open() {
    allocator = temp.resource(BufferAllocator.class);
    twins = new OrcTwins(temp.floe(), OrcTwins.SCHEMA, PartitionSpec.unpartitioned(), Map.of());
  }

  private ColumnarFiles files(long target) {
    return ColumnarFiles.forTable(twins.floe).format(FileFormat.ORC).targetFileSize(target).build();
  }

  private long dataFilesOnDisk() {
    Path data = Path.of(java.net.URI.create(twins.floe.location()).getPath(), "data");
    if (!Files.exists(data)) {
      return 0;
    }
    try (Stream<Path> paths = Files.walk(data)) {
      return paths.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void rollsAtTheTargetSizeWhereIcebergRolls() {
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 9000, 3);
    List<DataFile> expected = twins.writeIceberg(records, 200_000);
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator)) {
      List<DataFile> actual = twins.writeFloe(root, null, 0, records.size(), 200_000);
      assertThat(actual).hasSizeGreaterThan(2);
      OrcTwins.assertSameFiles(expected, actual);
    }
  }

  @Test
  void rollsAcrossWritesOfManySmallBatches() {
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 6000, 4);
    List<DataFile> expected = twins.writeIceberg(records, 150_000);
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator);
        PartitionWriter writer = files(150_000).open(null)) {
      for (int from = 0; from < records.size(); from += 777) {
        writer.write(root, null, from, Math.min(records.size(), from + 777));
      }
      OrcTwins.assertSameFiles(expected, writer.finish());
    }
  }

  @Test
  void closeWithoutFinishDeletesEveryFileWritten() {
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 6000, 6);
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator)) {
      try (PartitionWriter writer = files(100_000).open(null)) {
        writer.write(root, null, 0, records.size());
        assertThat(dataFilesOnDisk()).isGreaterThan(1);
      }
    }
    assertThat(dataFilesOnDisk()).isZero();
  }

  @Test
  void finishWithoutRowsGivesNoFiles() {
    try (PartitionWriter writer = files(100_000).open(null)) {
      assertThat(writer.finish()).isEmpty();
    }
    assertThat(dataFilesOnDisk()).isZero();
  }

  @Test
  void vectorOfTheWrongTypeFailsNamingTheColumn() {
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 10, 1);
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator);
        BigIntVector wrong = new BigIntVector("i", allocator)) {
      List<FieldVector> vectors = new java.util.ArrayList<>(root.getFieldVectors());
      vectors.set(2, wrong);
      wrong.allocateNew(10);
      wrong.setValueCount(10);
      VectorSchemaRoot bad = new VectorSchemaRoot(vectors);
      try (PartitionWriter writer = files(100_000).open(null)) {
        assertThatThrownBy(() -> writer.write(bad, null, 0, 10))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("Cannot write column i: expected Arrow type Int(32, true)")
            .hasMessageContaining("got Int(64, true)");
      }
    }
    assertThat(dataFilesOnDisk()).isZero();
  }

  @Test
  void nestedFieldOfTheWrongTypeFailsNamingItsPath() {
    List<Types.NestedField> columns = new java.util.ArrayList<>(OrcTwins.SCHEMA.columns());
    columns.set(
        16,
        Types.NestedField.optional(
            17,
            "point",
            Types.StructType.of(
                Types.NestedField.required(30, "x", Types.FloatType.get()),
                Types.NestedField.optional(31, "y", Types.FloatType.get()),
                Types.NestedField.optional(32, "label", Types.StringType.get()))));
    org.apache.iceberg.Schema wrong = new org.apache.iceberg.Schema(columns);
    try (VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(wrong), allocator);
        PartitionWriter writer = files(100_000).open(null)) {
      assertThatThrownBy(() -> writer.write(root, null, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(
              "Cannot write column point.x: expected Arrow type FloatingPoint(DOUBLE)");
    }
  }

  @Test
  void vectorShorterThanTheBatchFailsNamingTheColumn() {
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 20, 2);
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator);
        PartitionWriter writer = files(100_000).open(null)) {
      root.getVector("s").setValueCount(12);
      assertThatThrownBy(() -> writer.write(root, null, 0, 20))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Cannot write column s: the vector has 12 values where 20 are needed");
    }
  }

  @Test
  void nullInARequiredColumnFailsNamingColumnAndRowAndLeavesNothing() {
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 50, 2);
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator)) {
      ((BigIntVector) root.getVector("id")).setNull(17);
      try (PartitionWriter writer = files(100_000).open(null)) {
        assertThatThrownBy(() -> writer.write(root, null, 0, 50))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Cannot write row 17: column id is required but null");
        assertThatThrownBy(writer::finish)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("an earlier write failed");
      }
    }
    assertThat(dataFilesOnDisk()).isZero();
  }

  @Test
  void rowOrderOutsideTheBatchFailsBeforeWriting() {
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 5, 2);
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator);
        PartitionWriter writer = files(100_000).open(null)) {
      assertThatThrownBy(() -> writer.write(root, new int[] {0, 9}, 0, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("order[1] = 9 is not a row of a batch of 5");
    }
    assertThat(dataFilesOnDisk()).isZero();
  }

  @Test
  void refusesTimestampsInTheLastSecondBefore1970ThatOrcCannotHold() {
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 5, 2);
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator)) {
      ((TimeStampVector) root.getVector("tstz")).setSafe(3, -1_000_000L);
      ((TimeStampVector) root.getVector("ts")).setSafe(3, -500L);
      try (PartitionWriter writer = files(100_000).open(null)) {
        assertThatThrownBy(() -> writer.write(root, null, 0, 5))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(
                "Cannot write row 3: column ts value 1969-12-31T23:59:59.999500Z")
            .hasMessageContaining("ORC-763");
      }
    }
    assertThat(dataFilesOnDisk()).isZero();
  }

  @Test
  void decimalBeyondItsPrecisionFailsNamingColumnAndRow() {
    try (VectorSchemaRoot root =
            RecordsToArrow.of(OrcTwins.SCHEMA, RandomRows.of(OrcTwins.SCHEMA, 5, 2), allocator);
        PartitionWriter writer = files(100_000).open(null)) {
      ((DecimalVector) root.getVector("small")).set(4, 1_000_000_000L);
      assertThatThrownBy(() -> writer.write(root, null, 0, 5))
          .hasMessage(
              "Cannot write row 4: column small value 10000000.00 does not fit decimal(9, 2)");
    }
  }

  @Test
  void unknownCodecFailsAndLeavesNothing() {
    twins.floe.updateProperties().set("write.orc.compression-codec", "nope").commit();
    List<Record> records = RandomRows.of(OrcTwins.SCHEMA, 5, 2);
    try (VectorSchemaRoot root = RecordsToArrow.of(OrcTwins.SCHEMA, records, allocator);
        PartitionWriter writer = files(100_000).open(null)) {
      assertThatThrownBy(() -> writer.write(root, null, 0, 5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Unsupported compression codec: nope");
    }
    assertThat(dataFilesOnDisk()).isZero();
  }

  @Test
  void refusesAnEncryptedTable() {
    TableOperations ops = ((HasTableOperations) twins.floe).operations();
    Table encrypted = new BaseTable(new EncryptedOperations(ops), "ml.encrypted");
    ColumnarFiles files = ColumnarFiles.forTable(encrypted).format(FileFormat.ORC).build();
    assertThatThrownBy(() -> files.open(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot write ORC files for table ml.encrypted: it is encrypted");
  }

  /** The table's own operations, with an encryption manager that is not plaintext. */
  private record EncryptedOperations(TableOperations ops) implements TableOperations {
    @Override
    public TableMetadata current() {
      return ops.current();
    }

    @Override
    public TableMetadata refresh() {
      return ops.refresh();
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      ops.commit(base, metadata);
    }

    @Override
    public FileIO io() {
      return ops.io();
    }

    @Override
    public EncryptionManager encryption() {
      return new EncryptionManager() {
        @Override
        public InputFile decrypt(EncryptedInputFile file) {
          throw new UnsupportedOperationException("a test key manager");
        }

        @Override
        public EncryptedOutputFile encrypt(OutputFile file) {
          throw new UnsupportedOperationException("a test key manager");
        }
      };
    }

    @Override
    public String metadataFileLocation(String file) {
      return ops.metadataFileLocation(file);
    }

    @Override
    public LocationProvider locationProvider() {
      return ops.locationProvider();
    }
  }
}
