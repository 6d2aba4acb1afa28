package dev.floe.columnar;

import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.formats.ReadBuilder;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.orc.ORC;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Where Floe reads a data file as Iceberg generic records: Iceberg's own readers ({@code
 * FormatModelRegistry}), except for ORC, whose generic reader in Iceberg 1.11 hands a map's entries
 * out in hash order. Floe's ORC record reader keeps them in file order, as every other reader of
 * Floe does and the content digest ({@code docs/digest.md}) requires; its records are otherwise
 * Iceberg's, value for value.
 */
public final class RecordReads {
  private RecordReads() {}

  /**
   * A read builder of generic records for {@code file} in {@code format}; the caller closes what
   * {@code build()} returns. For ORC, {@code engineProjection} and a non-empty {@code idToConstant}
   * are refused (generic records have no engine schema; Floe passes no constants).
   */
  public static <S> ReadBuilder<Record, S> builder(FileFormat format, InputFile file) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(file, "file");
    if (format == FileFormat.ORC) {
      return new OrcBuilder<>(file);
    }
    return FormatModelRegistry.readBuilder(format, Record.class, file);
  }

  private static final class OrcBuilder<S> implements ReadBuilder<Record, S> {
    private final ORC.ReadBuilder orc;
    private final String location;
    private Schema projection;

    private OrcBuilder(InputFile file) {
      this.orc = ORC.read(file);
      this.location = file.location();
    }

    @Override
    public ReadBuilder<Record, S> split(long start, long length) {
      orc.split(start, length);
      return this;
    }

    @Override
    public ReadBuilder<Record, S> project(Schema schema) {
      this.projection = schema;
      orc.project(schema);
      return this;
    }

    @Override
    public ReadBuilder<Record, S> engineProjection(S schema) {
      throw new UnsupportedOperationException(
          "Cannot read " + location + " with an engine projection: generic records have none");
    }

    @Override
    public ReadBuilder<Record, S> caseSensitive(boolean caseSensitive) {
      orc.caseSensitive(caseSensitive);
      return this;
    }

    @Override
    public ReadBuilder<Record, S> filter(Expression filter) {
      orc.filter(filter);
      return this;
    }

    @Override
    public ReadBuilder<Record, S> set(String key, String value) {
      orc.config(key, value);
      return this;
    }

    @Override
    public ReadBuilder<Record, S> reuseContainers() {
      return this; // ORC's generic records are new objects per row either way
    }

    @Override
    public ReadBuilder<Record, S> recordsPerBatch(int rows) {
      orc.recordsPerBatch(rows);
      return this;
    }

    @Override
    public ReadBuilder<Record, S> idToConstant(Map<Integer, ?> constants) {
      // ORC's builder takes constant columns out of the file projection only through a method
      // Iceberg keeps package-private, so constants would be read from the file: refuse them.
      Preconditions.checkArgument(
          constants.isEmpty(),
          "Cannot read %s with constant columns %s: Floe's ORC record reader takes none",
          location,
          constants.keySet());
      return this;
    }

    @Override
    public ReadBuilder<Record, S> withNameMapping(NameMapping mapping) {
      orc.withNameMapping(mapping);
      return this;
    }

    @Override
    public CloseableIterable<Record> build() {
      Preconditions.checkState(projection != null, "Cannot read %s: no projection", location);
      Schema expected = projection;
      return orc.createReaderFunc(file -> OrcRecordReaders.rows(expected, file, Map.of())).build();
    }
  }
}
