package dev.floe.ingest.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ns.floe_profiles in embedded mode: the profile is written first under a commit id, the data
 * commit carries the id in its summary, and only profiles whose data landed are read.
 */
class ProfileTableTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table data;
  private ProfileTable profiles;

  @BeforeEach
  void open() {
    floe = temp.floe();
    data =
        floe.tables().createIfAbsent("ml.samples", Samples.SCHEMA, PartitionSpec.unpartitioned());
    profiles = ProfileTable.of(floe, "ml", Clock.fixed(T0, ZoneOffset.UTC));
  }

  /** Writes the profile, then commits the rows with the commit id in the summary. */
  private long commit(List<Record> rows, String commitId, boolean landed) {
    profiles.write(data.name(), commitId, Profile.of(Samples.SCHEMA, rows));
    if (!landed) {
      return -1; // the writer died between the two commits
    }
    OutputFileFactory files =
        OutputFileFactory.builderFor(data, 1, 1).format(FileFormat.PARQUET).build();
    DataWriter<Record> writer =
        new GenericFileWriterFactory.Builder(data)
            .dataFileFormat(FileFormat.PARQUET)
            .build()
            .newDataWriter(files.newOutputFile(), data.spec(), null);
    try (writer) {
      rows.forEach(writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataFile file = writer.toDataFile();
    data.newAppend().appendFile(file).set(ProfileTable.COMMIT_ID_PROPERTY, commitId).commit();
    return data.currentSnapshot().snapshotId();
  }

  @Test
  void readsTheProfileOfALandedCommitAndIgnoresOneWhoseDataNeverLanded() {
    String first = ProfileTable.newCommitId();
    long landed = commit(Samples.rows(1, 3000, 0, 0, null), first, true);
    String lost = ProfileTable.newCommitId();
    commit(Samples.rows(2, 500, 5, 0, null), lost, false);

    Profile read = profiles.read(data, landed);
    assertThat(read.rows()).isEqualTo(3000);
    assertThat(read.column("score").quantile(0.5)).isBetween(-0.1, 0.1);
    assertThat(read.column("embedding").dimensionMeans()).hasSize(Samples.DIMENSION);
    // The lost profile is in the table but no snapshot names its id: nothing reads it.
    assertThat(commitIds()).contains(first, lost);
    for (var snapshot : data.snapshots()) {
      Profile p = profiles.read(data, snapshot.snapshotId());
      assertThat(p == null ? 0 : p.rows()).isNotEqualTo(500);
    }
  }

  @Test
  void aRetriedProfileWriteIsReadOnce() {
    String id = ProfileTable.newCommitId();
    profiles.write(data.name(), id, Profile.of(Samples.SCHEMA, Samples.rows(3, 700, 0, 0, null)));
    long snapshot = commit(Samples.rows(3, 700, 0, 0, null), id, true); // writes it again

    assertThat(profiles.read(data, snapshot).rows()).isEqualTo(700);
  }

  @Test
  void aSnapshotWithoutACommitIdHasNoProfile() {
    data.newAppend().commit();
    long bare = data.currentSnapshot().snapshotId();

    assertThat(profiles.read(data, bare)).isNull();
    assertThatThrownBy(() -> profiles.read(data, 42L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it has no snapshot 42");
    assertThatThrownBy(() -> profiles.write(data.name(), " ", Profile.EMPTY))
        .hasMessageContaining("Invalid commit id");
  }

  @Test
  void otherEnginesReadEachMetricAsAPlainRowWithItsSketch() throws IOException {
    String id = ProfileTable.newCommitId();
    List<Record> rows = Samples.rows(4, 2000, 0, 0, null);
    commit(rows, id, true);

    List<Record> score = new ArrayList<>();
    try (CloseableIterable<Record> all = IcebergGenerics.read(profiles.table()).build()) {
      for (Record r : all) {
        if ("score".equals(r.getField("column_name"))) {
          score.add(r);
        }
      }
    }
    assertThat(score)
        .extracting(r -> r.getField("metric"))
        .containsExactlyInAnyOrder("rows", "nulls", "nans", "ndv", "min", "max", "quantiles");
    assertThat(score)
        .allSatisfy(
            r -> {
              assertThat(r.getField("table_name")).isEqualTo(data.name());
              assertThat(r.getField("commit_id")).isEqualTo(id);
              assertThat(r.getField("field_id")).isEqualTo(2);
              assertThat(r.getField("written_at"))
                  .isEqualTo(OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
            });
    Record ndv = metric(score, "ndv");
    CompactSketch theta = CompactSketch.heapify(Memory.wrap(bytes(ndv)));
    assertThat(theta.getEstimate()).isEqualTo((Double) ndv.getField("value"));
    assertThat(theta.getEstimate()).isBetween(1900.0, 2000.0); // 2000 random doubles
    KllDoublesSketch kll = KllDoublesSketch.heapify(Memory.wrap(bytes(metric(score, "quantiles"))));
    assertThat(kll.getN()).isEqualTo(2000);
    double min = rows.stream().mapToDouble(r -> (Double) r.getField("score")).min().orElseThrow();
    assertThat(
            (Double)
                Conversions.fromByteBuffer(
                    Types.DoubleType.get(), ByteBuffer.wrap(bytes(metric(score, "min")))))
        .isEqualTo(min);
    assertThat(metric(score, "min").getField("value")).isEqualTo(min);
  }

  private static Record metric(List<Record> rows, String metric) {
    return rows.stream().filter(r -> metric.equals(r.getField("metric"))).findFirst().orElseThrow();
  }

  private static byte[] bytes(Record row) {
    ByteBuffer b = (ByteBuffer) row.getField("sketch");
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private List<String> commitIds() {
    List<String> ids = new ArrayList<>();
    profiles.table().refresh();
    try (CloseableIterable<Record> all = IcebergGenerics.read(profiles.table()).build()) {
      all.forEach(r -> ids.add((String) r.getField("commit_id")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }
}
