package dev.floe.timetravel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.SnapshotRef;

/**
 * Builds a {@link TrainingLock} field by field, in the shape of Iceberg's {@code
 * SnapshotRef.builderFor(..)...build()}: the one way to make a lock, for a pin and for a lock file
 * read back alike. Start one with {@link TrainingLock#builderFor} or {@link
 * TrainingLock#builderFrom}; unless told otherwise, it picks the oldest format version that holds
 * what is set.
 */
public final class TrainingLockBuilder {
  private final String table;
  private final long snapshotId;
  private Integer formatVersion;
  private String catalog;
  private String ref = SnapshotRef.MAIN_BRANCH;
  private int schemaId;
  private List<String> columns = List.of();
  private String fingerprint;
  private int dataFiles;
  private long records;
  private String contentDigest;
  private String tag;
  private Instant pinnedAt;
  private String filter;
  private Split split;
  private Map<Split.Part, String> splitDigests = Map.of();
  private Long shuffleSeed;
  private String nessieRef;
  private String nessieHash;
  private Long rows;
  private List<FileDigest> fileDigests;

  TrainingLockBuilder(String table, long snapshotId) {
    this.table = Objects.requireNonNull(table, "table");
    this.snapshotId = snapshotId;
  }

  /** The lock file format version; default the oldest that holds every field set. */
  public TrainingLockBuilder formatVersion(int version) {
    this.formatVersion = version;
    return this;
  }

  public TrainingLockBuilder catalog(String name) {
    this.catalog = name;
    return this;
  }

  /** The branch or tag pinned; default {@code main}. */
  public TrainingLockBuilder ref(String name) {
    this.ref = name;
    return this;
  }

  public TrainingLockBuilder schemaId(int id) {
    this.schemaId = id;
    return this;
  }

  /** The columns read; default (and empty) all. */
  public TrainingLockBuilder columns(List<String> names) {
    this.columns = names;
    return this;
  }

  /** The data files' fingerprint, their count and their record count. */
  public TrainingLockBuilder files(String newFingerprint, int count, long recordCount) {
    this.fingerprint = newFingerprint;
    this.dataFiles = count;
    this.records = recordCount;
    return this;
  }

  /** The digest over every value read; default none. */
  public TrainingLockBuilder contentDigest(String digest) {
    this.contentDigest = digest;
    return this;
  }

  public TrainingLockBuilder tag(String name) {
    this.tag = name;
    return this;
  }

  public TrainingLockBuilder pinnedAt(Instant time) {
    this.pinnedAt = time;
    return this;
  }

  /** The row filter as Iceberg expression JSON; default none (all rows). */
  public TrainingLockBuilder filter(String expressionJson) {
    this.filter = expressionJson;
    return this;
  }

  /** The split and the content digest of each of its parts; default none. */
  public TrainingLockBuilder split(Split newSplit, Map<Split.Part, String> digests) {
    this.split = newSplit;
    this.splitDigests = digests;
    return this;
  }

  /** The seed of the row order shuffle; default none (file order). */
  public TrainingLockBuilder shuffleSeed(Long seed) {
    this.shuffleSeed = seed;
    return this;
  }

  /** In nessie mode, the Nessie branch or tag and the commit pinned; default none. */
  public TrainingLockBuilder nessieCommit(String nessieRefName, String hash) {
    this.nessieRef = nessieRefName;
    this.nessieHash = hash;
    return this;
  }

  /** The exact number of rows the lock reads; default unknown. */
  public TrainingLockBuilder rows(Long count) {
    this.rows = count;
    return this;
  }

  /**
   * The content digest of each data file read, in read order; the {@link #contentDigest} is their
   * root. Default none (then the lock holds no digest or one of an older format).
   */
  public TrainingLockBuilder fileDigests(List<FileDigest> digests) {
    this.fileDigests = digests;
    return this;
  }

  public TrainingLock build() {
    PartUnits.check(split, splitDigests, fileDigests);
    return new TrainingLock(
        formatVersion != null ? formatVersion : oldestVersion(),
        catalog,
        table,
        ref,
        snapshotId,
        schemaId,
        columns,
        fingerprint,
        dataFiles,
        records,
        contentDigest,
        tag,
        pinnedAt,
        filter,
        split,
        splitDigests,
        shuffleSeed,
        nessieRef,
        nessieHash,
        rows,
        fileDigests == null ? List.of() : fileDigests);
  }

  // A lock is written with the oldest version that holds it, so older Floe versions read it.
  private int oldestVersion() {
    if (fileDigests != null && contentDigest != null) {
      boolean units = fileDigests.stream().anyMatch(file -> !file.units().isEmpty());
      return units ? TrainingLock.UNITS_VERSION : TrainingLock.FILE_DIGESTS_VERSION;
    }
    if (nessieHash != null) {
      return 3;
    }
    return filter == null && split == null && shuffleSeed == null ? 1 : 2;
  }
}
