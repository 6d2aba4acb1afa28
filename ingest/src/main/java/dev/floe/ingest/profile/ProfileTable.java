package dev.floe.ingest.profile;

import dev.floe.catalog.Floe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Types;

/**
 * The Floe-owned Iceberg table {@code NAMESPACE.floe_profiles}: every commit's column profile as
 * rows any engine can read (Spark, Trino, PyIceberg, DuckDB), one row per table, commit, column and
 * metric, the sketches in their DataSketches binary format; plus one {@code profile} row per commit
 * holding the whole profile ({@link ProfileCodec}), which Floe reads back.
 *
 * <p>In embedded mode the profiles cannot commit atomically with the data, so the order is: make a
 * commit id ({@link #newCommitId}), {@link #write} the profile under it, then commit the data with
 * the same id in its snapshot summary ({@value #COMMIT_ID_PROPERTY}). {@link #read} only returns a
 * profile whose id a snapshot carries: a profile written for data that never landed (a crash, a
 * failed commit, a blocked audit) is ignored, and a profile written twice for one id (a retry) is
 * read once. Each write is one small Parquet file and one commit of this table.
 */
public final class ProfileTable {
  public static final String NAME = "floe_profiles";

  /** The data snapshot's summary property naming the commit id its profile was written under. */
  public static final String COMMIT_ID_PROPERTY = "floe.profile.commit-id";

  /** The metric of the row holding the whole encoded profile. */
  public static final String PROFILE_METRIC = "profile";

  public static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "table_name", Types.StringType.get()),
          Types.NestedField.required(2, "commit_id", Types.StringType.get()),
          Types.NestedField.required(
              3, "written_at", Types.TimestampType.withZone(), "when the profile was written"),
          Types.NestedField.optional(4, "column_name", Types.StringType.get(), "null: the table"),
          Types.NestedField.optional(5, "field_id", Types.IntegerType.get()),
          Types.NestedField.required(
              6,
              "metric",
              Types.StringType.get(),
              "rows, nulls, nans, ndv, min, max, quantiles, frequent_items, dimension, norms,"
                  + " profile"),
          Types.NestedField.optional(7, "value", Types.DoubleType.get(), "numeric metrics"),
          Types.NestedField.optional(
              8,
              "sketch",
              Types.BinaryType.get(),
              "ndv: theta; quantiles, norms: KLL doubles; frequent_items: items sketch of"
                  + " strings; min, max: Iceberg single-value bytes; profile: Floe's encoding"));

  private final Table table;
  private final Clock clock;

  private ProfileTable(Table table, Clock clock) {
    this.table = table;
    this.clock = clock;
  }

  /** The profiles table of {@code namespace}, created (Parquet, unpartitioned) on first use. */
  public static ProfileTable of(Floe floe, String namespace) {
    return of(floe, namespace, Clock.systemUTC());
  }

  /** As {@link #of(Floe, String)}, stamping {@code written_at} from {@code clock}. */
  public static ProfileTable of(Floe floe, String namespace, Clock clock) {
    Preconditions.checkArgument(
        namespace != null && !namespace.isBlank(), "Invalid namespace: %s", namespace);
    Table table =
        floe.tables()
            .createIfAbsent(
                namespace + "." + NAME,
                SCHEMA,
                PartitionSpec.unpartitioned(),
                java.util.Map.of(TableProperties.DEFAULT_FILE_FORMAT, "parquet"));
    return new ProfileTable(table, Objects.requireNonNull(clock, "clock"));
  }

  /** A fresh id to write a profile under and then put in the data commit's summary. */
  public static String newCommitId() {
    return UUID.randomUUID().toString();
  }

  public Table table() {
    return table;
  }

  /**
   * Appends the rows of {@code profile} for the table named {@code tableName} under {@code
   * commitId}, in one commit of the profiles table. Call it before committing the data.
   */
  public void write(String tableName, String commitId, Profile profile) {
    Preconditions.checkArgument(
        tableName != null && !tableName.isBlank(), "Invalid table name: %s", tableName);
    Preconditions.checkArgument(
        commitId != null && !commitId.isBlank(), "Invalid commit id: %s", commitId);
    Objects.requireNonNull(profile, "profile");
    List<Record> rows =
        ProfileRows.of(
            tableName, commitId, OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)), profile);
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 0, System.nanoTime())
            .format(FileFormat.PARQUET)
            .build();
    DataWriter<Record> writer =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(FileFormat.PARQUET)
            .build()
            .newDataWriter(files.newOutputFile(), table.spec(), null);
    try (writer) {
      rows.forEach(writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the profile of " + tableName + " commit " + commitId, e);
    }
    DataFile file = writer.toDataFile();
    table.newAppend().appendFile(file).set(COMMIT_ID_PROPERTY, commitId).commit();
  }

  /**
   * The profile written for the data snapshot {@code snapshotId} of {@code data} (by the commit id
   * in its summary), or null when it has none: no id in its summary, or no profile under that id.
   */
  public Profile read(Table data, long snapshotId) {
    Snapshot snapshot = data.snapshot(snapshotId);
    Preconditions.checkArgument(
        snapshot != null,
        "Cannot read the profile of %s: it has no snapshot %s",
        data.name(),
        snapshotId);
    String commitId =
        snapshot.summary() == null ? null : snapshot.summary().get(COMMIT_ID_PROPERTY);
    if (commitId == null) {
      return null;
    }
    table.refresh();
    List<byte[]> found = new ArrayList<>();
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table)
            .where(
                Expressions.and(
                    Expressions.equal("commit_id", commitId),
                    Expressions.equal("metric", PROFILE_METRIC)))
            .build()) {
      for (Record row : rows) {
        // The filter prunes files by their bounds; rows of other commits can still come through.
        if (commitId.equals(row.getField("commit_id"))
            && PROFILE_METRIC.equals(row.getField("metric"))) {
          ByteBuffer bytes = (ByteBuffer) row.getField("sketch");
          byte[] copy = new byte[bytes.remaining()];
          bytes.duplicate().get(copy);
          found.add(copy);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + table.name(), e);
    }
    // A retried write leaves the same profile twice under one id: read it once.
    return found.isEmpty() ? null : ProfileCodec.decode(found.get(0));
  }

  static GenericRecord record() {
    return GenericRecord.create(SCHEMA);
  }
}
