package dev.floe.columnar;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.orc.TypeDescription;

/**
 * Two tables alike in everything (schema, spec, properties): Iceberg's generic ORC writer fills
 * one, Floe's columnar writer the other, so their files can be compared field by field.
 */
final class OrcTwins {
  /**
   * The ORC tests' schema, for {@link RandomRows#of}: every type, decimals on both sides of ORC's
   * 64-bit limit (18 and 19 digits), required list elements, a map of structs of lists.
   */
  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "flag", Types.BooleanType.get()),
          optional(3, "i", Types.IntegerType.get()),
          optional(4, "l", Types.LongType.get()),
          optional(5, "f", Types.FloatType.get()),
          optional(6, "d", Types.DoubleType.get()),
          optional(7, "small", Types.DecimalType.of(9, 2)),
          optional(8, "large", Types.DecimalType.of(38, 10)),
          optional(9, "day", Types.DateType.get()),
          optional(10, "t", Types.TimeType.get()),
          optional(11, "ts", Types.TimestampType.withoutZone()),
          optional(12, "tstz", Types.TimestampType.withZone()),
          optional(13, "s", Types.StringType.get()),
          optional(14, "u", Types.UUIDType.get()),
          optional(15, "fx", Types.FixedType.ofLength(7)),
          optional(16, "b", Types.BinaryType.get()),
          optional(
              17,
              "point",
              Types.StructType.of(
                  required(30, "x", Types.DoubleType.get()),
                  optional(31, "y", Types.FloatType.get()),
                  optional(32, "label", Types.StringType.get()))),
          optional(18, "embedding", Types.ListType.ofOptional(33, Types.FloatType.get())),
          optional(19, "tags", Types.ListType.ofRequired(34, Types.StringType.get())),
          optional(
              20,
              "attrs",
              Types.MapType.ofOptional(35, 36, Types.StringType.get(), Types.DoubleType.get())),
          optional(
              21,
              "events",
              Types.ListType.ofOptional(
                  37,
                  Types.StructType.of(
                      required(38, "k", Types.IntegerType.get()),
                      optional(39, "vs", Types.ListType.ofOptional(40, Types.LongType.get()))))),
          optional(
              22,
              "lookup",
              Types.MapType.ofRequired(
                  41,
                  42,
                  Types.IntegerType.get(),
                  Types.StructType.of(
                      optional(43, "a", Types.StringType.get()),
                      optional(44, "m", Types.ListType.ofOptional(45, Types.DoubleType.get()))))),
          optional(23, "edge18", Types.DecimalType.of(18, 0)),
          optional(24, "edge19", Types.DecimalType.of(19, 4)));

  final Table iceberg;
  final Table floe;

  OrcTwins(Floe catalog, Schema schema, PartitionSpec spec, Map<String, String> properties) {
    Map<String, String> all = new LinkedHashMap<>(properties);
    all.put(TableProperties.DEFAULT_FILE_FORMAT, "orc");
    this.iceberg = catalog.tables().createIfAbsent("ml.iceberg", schema, spec, all);
    this.floe = catalog.tables().createIfAbsent("ml.floe", schema, spec, all);
  }

  /** Iceberg's way: a rolling data writer over the generic writer factory. */
  List<DataFile> writeIceberg(List<Record> records, long targetFileSize) {
    return writeIceberg(records, targetFileSize, null);
  }

  List<DataFile> writeIceberg(List<Record> records, long targetFileSize, StructLike partition) {
    return BothWriters.iceberg(iceberg, FileFormat.ORC, records, partition, targetFileSize);
  }

  List<DataFile> writeFloe(VectorSchemaRoot root, int[] order, int from, int to, long target) {
    return writeFloe(root, order, from, to, target, null);
  }

  List<DataFile> writeFloe(
      VectorSchemaRoot root, int[] order, int from, int to, long target, StructLike partition) {
    ColumnarFiles files =
        ColumnarFiles.forTable(floe).format(FileFormat.ORC).targetFileSize(target).build();
    try (PartitionWriter writer = files.open(partition)) {
      writer.write(root, order, from, to);
      return writer.finish();
    }
  }

  static List<Record> read(Table table, List<DataFile> files) {
    AppendFiles append = table.newAppend();
    files.forEach(append::appendFile);
    append.commit();
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
      read.forEach(rows::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /**
   * Everything a DataFile says about its file (its metrics exactly), and the file's bytes, are the
   * same; the bytes may differ only in the sign of NaN sums ({@link OrcNaNSums}).
   */
  static void assertSameFiles(List<DataFile> expected, List<DataFile> actual) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      DataFile want = expected.get(i);
      DataFile got = actual.get(i);
      assertThat(got.format()).isEqualTo(FileFormat.ORC);
      assertThat(got.recordCount()).as("record count").isEqualTo(want.recordCount());
      assertThat(got.columnSizes()).as("column sizes").isEqualTo(want.columnSizes());
      assertThat(got.valueCounts()).as("value counts").isEqualTo(want.valueCounts());
      assertThat(got.nullValueCounts()).as("null counts").isEqualTo(want.nullValueCounts());
      assertThat(got.nanValueCounts()).as("NaN counts").isEqualTo(want.nanValueCounts());
      assertThat(got.lowerBounds()).as("lower bounds").isEqualTo(want.lowerBounds());
      assertThat(got.upperBounds()).as("upper bounds").isEqualTo(want.upperBounds());
      assertThat(got.partition()).as("partition").isEqualTo(want.partition());
      byte[] wantBytes = bytes(want);
      byte[] gotBytes = bytes(got);
      if (Arrays.equals(gotBytes, wantBytes)) {
        assertThat(got.fileSizeInBytes()).as("file size").isEqualTo(want.fileSizeInBytes());
        assertThat(got.splitOffsets()).as("split offsets").isEqualTo(want.splitOffsets());
      } else {
        // Only the sign of a NaN sum may differ, and Iceberg's own writer varies there too.
        OrcNaNSums.assertSameButForNaNSums(want, got, wantBytes, gotBytes);
        assertThat(got.fileSizeInBytes()).as("file size").isEqualTo(gotBytes.length);
        assertThat(got.splitOffsets()).as("split offsets").hasSameSizeAs(want.splitOffsets());
      }
    }
  }

  static Reader reader(DataFile file) {
    try {
      return OrcFile.createReader(
          new org.apache.hadoop.fs.Path(file.location()),
          OrcFile.readerOptions(new Configuration()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static org.apache.orc.CompressionKind compression(DataFile file) {
    try (Reader reader = reader(file)) {
      return reader.getCompressionKind();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every ORC type with its attributes (iceberg.id, iceberg.long-type, ...), by column id. */
  static List<String> typesWithAttributes(DataFile file) {
    try (Reader reader = reader(file)) {
      TypeDescription schema = reader.getSchema();
      List<String> types = new ArrayList<>();
      for (int id = 0; id <= schema.getMaximumId(); id++) {
        TypeDescription type = schema.findSubtype(id);
        StringBuilder text = new StringBuilder(type.toString());
        for (String name : type.getAttributeNames()) {
          text.append(' ').append(name).append('=').append(type.getAttributeValue(name));
        }
        types.add(text.toString());
      }
      return types;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(DataFile file) {
    try {
      return Files.readAllBytes(Path.of(java.net.URI.create(file.location()).getPath()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
