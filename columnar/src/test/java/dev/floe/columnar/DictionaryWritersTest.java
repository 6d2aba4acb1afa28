package dev.floe.columnar;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The long and double dictionaries ({@link LongDictionary}) make byte for byte the files
 * parquet-java's own dictionaries make through Iceberg's writer, beside its own string, binary and
 * fixed dictionaries: columns that keep their dictionary, that give it up after the first page
 * (unique values), that outgrow it part-way through a row group, doubles that only their bits tell
 * apart (NaNs, signed zeros), and strings that differ in one byte or only in length.
 */
class DictionaryWritersTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "few", Types.LongType.get()),
          required(2, "unique", Types.LongType.get()),
          optional(3, "growing", Types.LongType.get()),
          optional(4, "amount", Types.DoubleType.get()),
          optional(5, "odd", Types.DoubleType.get()),
          optional(6, "day", Types.TimestampType.withZone()),
          optional(7, "label", Types.StringType.get()),
          required(8, "text", Types.StringType.get()),
          optional(9, "growing_text", Types.StringType.get()),
          optional(10, "blob", Types.BinaryType.get()),
          optional(11, "code", Types.FixedType.ofLength(3)));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = temp.resource(BufferAllocator.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void writesTheBytesOfParquetJavasDictionaries(String pageVersion) throws IOException {
    Map<String, String> props = new HashMap<>();
    props.put("write.parquet.page-version", pageVersion);
    // A small dictionary and pages, so "growing" falls back in the middle of the row group.
    props.put("write.parquet.dict-size-bytes", "4096");
    props.put("write.parquet.page-row-limit", "500");
    Table table =
        BothWriters.create(
            temp.floe(), "ml.dict_" + pageVersion, SCHEMA, PartitionSpec.unpartitioned(), props);
    BothWriters both = new BothWriters(table, allocator);
    List<Record> rows = rows(6000);

    List<DataFile> theirs = both.iceberg(rows, null, Long.MAX_VALUE);
    List<DataFile> ours = both.columnar(rows, null, null, Long.MAX_VALUE);

    SameFiles.assertSame(both, ours, theirs);
    assertThat(bytes(ours.get(0))).isEqualTo(bytes(theirs.get(0)));
    List<ColumnChunkMetaData> columns = both.footer(ours.get(0)).getBlocks().get(0).getColumns();
    Encoding dictionary =
        pageVersion.equals("v1") ? Encoding.PLAIN_DICTIONARY : Encoding.RLE_DICTIONARY;
    // What the file holds: a kept dictionary, a dropped one, and one given up part-way.
    assertThat(columns.get(0).getEncodings()).contains(dictionary);
    assertThat(columns.get(1).getEncodings()).doesNotContain(dictionary);
    assertThat(columns.get(2).getEncodings()).contains(dictionary).hasSizeGreaterThan(2);
    assertThat(columns.get(4).getEncodings()).contains(dictionary);
    assertThat(columns.get(6).getEncodings()).contains(dictionary);
    assertThat(columns.get(7).getEncodings()).doesNotContain(dictionary);
    assertThat(columns.get(8).getEncodings()).contains(dictionary).hasSizeGreaterThan(2);
    assertThat(columns.get(9).getEncodings()).contains(dictionary);
    assertThat(both.commitAndRead(ours)).isEqualTo(both.commitAndRead(theirs));
  }

  private static List<Record> rows(int count) {
    SplittableRandom random = new SplittableRandom(11);
    String[] labels = {"click", "clicks", "", "é", "e\u0301", "clic"};
    double[] odd = {
      Double.NaN,
      Double.longBitsToDouble(0x7ff8000000000123L),
      0.0,
      -0.0,
      Double.POSITIVE_INFINITY,
      1.5
    };
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      GenericRecord row = GenericRecord.create(SCHEMA);
      row.setField("few", (long) random.nextInt(20) - 10);
      row.setField("unique", random.nextLong());
      row.setField("growing", i % 17 == 0 ? null : (long) i / 3);
      row.setField("amount", i % 9 == 0 ? null : Math.round(random.nextDouble() * 100) / 4.0);
      row.setField("odd", odd[random.nextInt(odd.length)]);
      row.setField(
          "day",
          java.time.OffsetDateTime.ofInstant(
              java.time.Instant.ofEpochSecond(1_700_000_000L + 86_400L * random.nextInt(5)),
              java.time.ZoneOffset.UTC));
      row.setField("label", i % 11 == 0 ? null : labels[random.nextInt(labels.length)]);
      row.setField("text", Long.toHexString(random.nextLong()));
      row.setField("growing_text", i % 13 == 0 ? null : "v" + i / 3);
      row.setField(
          "blob", java.nio.ByteBuffer.wrap(new byte[] {(byte) random.nextInt(3), 0, (byte) 200}));
      row.setField("code", new byte[] {(byte) random.nextInt(4), 1, 2});
      rows.add(row);
    }
    return rows;
  }

  private static byte[] bytes(DataFile file) throws IOException {
    return Files.readAllBytes(Path.of(file.location().replaceFirst("^file:", "")));
  }
}
