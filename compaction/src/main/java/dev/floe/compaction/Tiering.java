package dev.floe.compaction;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;
import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.BinPacking.ListPacker;
import org.apache.iceberg.util.StructLikeMap;

/**
 * Moves data files committed more than {@code coldAfter} ago into a cold location (another folder
 * or bucket prefix) with stronger compression and, on S3, a storage class. Hot files are the rest,
 * as written or compacted. Each partition group commits as a rewrite on its own: older snapshots,
 * and so every pin, keep reading the hot files until expiry removes them, which pins prevent.
 *
 * <pre>{@code
 * Compaction.tier(table).coldAfter(Duration.ofDays(90)).coldLocation("s3://archive/events")
 *     .coldStorageClass("GLACIER_IR").commit();
 * }</pre>
 */
public final class Tiering {
  private final Table table;
  private String branch = SnapshotRef.MAIN_BRANCH;
  private Duration coldAfter;
  private String coldLocation;
  private String coldCodec = "zstd";
  private long targetFileSizeBytes;
  private final Map<String, String> coldIo = new LinkedHashMap<>();
  private Instant now;

  Tiering(Table table) {
    this.table = table;
    this.targetFileSizeBytes = CompactionProperties.targetFileSizeBytes(table.properties());
  }

  public Tiering toBranch(String branch) {
    this.branch = Objects.requireNonNull(branch, "branch");
    return this;
  }

  /** Files committed longer ago than this go cold. */
  public Tiering coldAfter(Duration age) {
    this.coldAfter = Checks.notNegative(age, "cold age");
    return this;
  }

  /** Folder or bucket prefix for cold files, e.g. {@code s3://archive/events}; one per table. */
  public Tiering coldLocation(String location) {
    Objects.requireNonNull(location, "location");
    checkArgument(!location.isBlank(), "Invalid cold location: must not be blank");
    this.coldLocation = location.replaceAll("/+$", "");
    return this;
  }

  /** Parquet/ORC codec of cold files (default zstd, at a higher level than hot files). */
  public Tiering coldCodec(String codec) {
    this.coldCodec = Objects.requireNonNull(codec, "codec");
    return this;
  }

  /** S3 storage class of cold objects, e.g. STANDARD_IA or GLACIER_IR. */
  public Tiering coldStorageClass(String storageClass) {
    return coldIoProperty("s3.write.storage-class", storageClass);
  }

  /** Any FileIO property for writing cold files only (e.g. {@code s3.write.tags.tier=cold}). */
  public Tiering coldIoProperty(String key, String value) {
    coldIo.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Bytes of hot files merged into one cold file; default as for {@link BinPack}. */
  public Tiering targetFileSizeBytes(long bytes) {
    Checks.positive(bytes, "target file size");
    this.targetFileSizeBytes = bytes;
    return this;
  }

  public Tiering now(Instant now) {
    this.now = Objects.requireNonNull(now, "now");
    return this;
  }

  /** Files and bytes per tier that the branch head reads; changes nothing. */
  public TierReport report() {
    requireLocation();
    table.refresh();
    Snapshot head = table.snapshot(branch);
    int hotFiles = 0;
    int coldFiles = 0;
    long hotBytes = 0;
    long coldBytes = 0;
    for (DataFile file : files(head)) {
      if (isCold(file)) {
        coldFiles++;
        coldBytes += file.fileSizeInBytes();
      } else {
        hotFiles++;
        hotBytes += file.fileSizeInBytes();
      }
    }
    return new TierReport(hotFiles, hotBytes, coldFiles, coldBytes);
  }

  /** Rewrites every old hot file into the cold tier, a partition group per commit. */
  public TierResult commit() {
    long started = System.nanoTime();
    requireLocation();
    checkState(coldAfter != null, "Cannot tier %s: set coldAfter(..)", table.name());
    table.refresh();
    Snapshot start = table.snapshot(branch);
    List<FileGroup> groups = start == null ? List.of() : plan(start);
    int moved = 0;
    long movedBytes = 0;
    int written = 0;
    long writtenBytes = 0;
    Long snapshotId = null;
    List<CompactionResult.GroupFailure> failures = new ArrayList<>();
    try (TierWriter writer = new TierWriter(table, coldLocation, coldCodec, coldIo)) {
      for (FileGroup group : groups) {
        DataFile cold = null;
        try {
          cold = writer.write(group);
          GroupCommits.replace(
              table,
              branch,
              start,
              group.files(),
              List.of(cold),
              List.of(),
              CompactionProperties.TIER_SUMMARY,
              "cold");
          snapshotId = table.snapshot(branch).snapshotId();
          moved += group.files().size();
          movedBytes += group.bytes();
          written++;
          writtenBytes += cold.fileSizeInBytes();
        } catch (RuntimeException e) {
          if (cold != null
              && !(e instanceof org.apache.iceberg.exceptions.CommitStateUnknownException)) {
            writer.deleteQuietly(cold);
          }
          failures.add(CompactionResult.GroupFailure.of(group, e));
          break;
        }
      }
    }
    return new TierResult(
        moved,
        movedBytes,
        written,
        writtenBytes,
        snapshotId,
        failures,
        report(),
        Duration.ofNanos(System.nanoTime() - started));
  }

  private List<FileGroup> plan(Snapshot start) {
    long cutoff = (now == null ? Instant.now() : now).minus(coldAfter).toEpochMilli();
    // Sequence number -> commit time of the first kept snapshot at or after it: a file whose own
    // snapshot was expired counts as no older than that (never tiered too early).
    TreeMap<Long, Long> committedAt = new TreeMap<>();
    table
        .snapshots()
        .forEach(s -> committedAt.merge(s.sequenceNumber(), s.timestampMillis(), Math::min));
    Map<Integer, StructLikeMap<List<DataFile>>> old = new TreeMap<>();
    for (DataFile file : files(start)) {
      Map.Entry<Long, Long> at =
          file.fileSequenceNumber() == null
              ? null
              : committedAt.ceilingEntry(file.fileSequenceNumber());
      if (isCold(file) || at == null || at.getValue() >= cutoff) {
        continue;
      }
      old.computeIfAbsent(
              file.specId(), id -> StructLikeMap.create(table.specs().get(id).partitionType()))
          .computeIfAbsent(file.partition(), () -> new ArrayList<>())
          .add(file);
    }
    ListPacker<DataFile> packer = new ListPacker<>(targetFileSizeBytes, 1, false);
    List<FileGroup> groups = new ArrayList<>();
    old.forEach(
        (specId, partitions) -> {
          for (Map.Entry<StructLike, List<DataFile>> partition : partitions.entrySet()) {
            for (List<DataFile> bin :
                packer.pack(partition.getValue(), DataFile::fileSizeInBytes)) {
              groups.add(new FileGroup(table.specs().get(specId), partition.getKey(), bin));
            }
          }
        });
    return groups;
  }

  private List<DataFile> files(Snapshot snapshot) {
    List<DataFile> files = new ArrayList<>();
    if (snapshot == null) {
      return files;
    }
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
      for (FileScanTask task : tasks) {
        // A copied file has a new path, so position deletes would no longer apply to it and its
        // deleted rows would come back: such a file stays hot until compaction applies them.
        if (task.deletes().isEmpty()) {
          files.add(task.file());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list files of " + table.name(), e);
    }
    return files;
  }

  private boolean isCold(DataFile file) {
    return ReachableFiles.normalize(file.location())
        .startsWith(ReachableFiles.normalize(coldLocation) + "/");
  }

  private void requireLocation() {
    checkState(coldLocation != null, "Cannot tier %s: set coldLocation(..)", table.name());
  }
}
