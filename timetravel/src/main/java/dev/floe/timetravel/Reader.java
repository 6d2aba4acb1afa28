package dev.floe.timetravel;

import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Reads a table as of one snapshot (by id, by time or a ref's current one), with the schema the
 * table had at that snapshot unless told otherwise. Rows come back file by file in data file path
 * order, each file in its own row order: the same order on every read, whatever the batch size or
 * read path.
 *
 * <pre>{@code
 * try (ArrowBatches batches = TimeTravel.read(table).useRef("exp-1").select("id", "embedding").arrow(allocator)) {
 *   for (VectorSchemaRoot batch : batches) { ... }
 * }
 * }</pre>
 */
public final class Reader {
  static final int DEFAULT_BATCH_SIZE = 8192;

  private final Table table;
  private final String name;
  private String ref = SnapshotRef.MAIN_BRANCH;
  private Long snapshotId;
  private Instant asOf;
  private List<String> columns = List.of();
  private Expression filter = Expressions.alwaysTrue();
  private Schema readSchema;
  private boolean currentSchema;
  private boolean vectorized = true;
  private boolean computeDigest = true;
  private boolean legacyDigest;
  private boolean digestUnits = true;
  private List<FileDigest> expectedFiles;
  private List<Shards.Unit> onlyUnits;
  private TrainingLock unitsLock;
  private Split.Part unitsPart;
  private SnapshotFiles.SplitPart split;
  private Long shuffleSeed;
  private int batchSize = DEFAULT_BATCH_SIZE;
  private FileListener fileListener;
  private int threads = ReadAhead.defaultThreads();
  private SnapshotFiles planned;

  Reader(Table table, String name) {
    this.table = Objects.requireNonNull(table, "table");
    this.name = Objects.requireNonNull(name, "name");
  }

  /** Reads the current snapshot of this branch or tag; default {@code main}. */
  public Reader useRef(String newRef) {
    this.ref = Objects.requireNonNull(newRef, "ref");
    return this;
  }

  /** Reads this snapshot; wins over {@link #asOf} and {@link #useRef}. */
  public Reader snapshot(long newSnapshotId) {
    this.snapshotId = newSnapshotId;
    return this;
  }

  /**
   * Reads the snapshot that was current on the ref at {@code time}: the newest one committed at or
   * before it. Wins over the ref's current snapshot; throws {@link SnapshotNotFoundException} if
   * the ref had no snapshot yet at that time.
   */
  public Reader asOf(Instant time) {
    this.asOf = Objects.requireNonNull(time, "time");
    return this;
  }

  /**
   * Returns only rows matching {@code rowFilter}: files and Parquet row groups that cannot match
   * are skipped, and every remaining row is checked. Default: all rows.
   */
  public Reader filter(Expression rowFilter) {
    this.filter = Objects.requireNonNull(rowFilter, "rowFilter");
    return this;
  }

  /**
   * Reads with {@code schema} (usually a newer schema of this table) instead of the snapshot's:
   * columns match by field id, renamed columns come back under their new names and columns the
   * snapshot's files lack read as null.
   */
  public Reader projectOnto(Schema schema) {
    this.readSchema = Objects.requireNonNull(schema, "schema");
    return this;
  }

  /** {@link #projectOnto} the table's current schema, resolved when reading. */
  public Reader useCurrentSchema() {
    this.currentSchema = true;
    return this;
  }

  /**
   * Whether files take a vectorized path where one gives the same values (Floe's Parquet page
   * decoder, Iceberg's vectorized Parquet reader, Iceberg's batched ORC reader) rather than the row
   * path of Iceberg records; default true. Either way the values, their order and the digest are
   * the same.
   */
  public Reader vectorized(boolean enabled) {
    this.vectorized = enabled;
    return this;
  }

  /**
   * Returns only the rows of one part of a deterministic split (by a hash of the key column with
   * the split's seed). Such reads take the row path.
   */
  public Reader split(Split newSplit, Split.Part part) {
    this.split =
        new SnapshotFiles.SplitPart(
            Objects.requireNonNull(newSplit, "split"), Objects.requireNonNull(part, "part"));
    return this;
  }

  /**
   * Returns the rows in a seeded random order: the same seed gives the same order on every read.
   * The rows are held in memory (as Iceberg records) to be shuffled, so this suits data that fits.
   */
  public Reader shuffle(long seed) {
    this.shuffleSeed = seed;
    return this;
  }

  /** Whether {@link ArrowBatches#contentDigest()} is computed while reading; default true. */
  public Reader contentDigest(boolean enabled) {
    this.computeDigest = enabled;
    return this;
  }

  /**
   * Computes the content digest in the format of locks written before per-file digests (one SHA-256
   * over every value, see {@link ContentDigest}), to check such a lock.
   */
  Reader legacyDigest() {
    this.legacyDigest = true;
    return this;
  }

  /**
   * Whether per-file digests are of {@code floe-digest/2}, over each file's row groups or stripes
   * (see {@link FileDigest.Unit}), as locks of format 5 pin them (the default), or of {@code /1},
   * for format 4 locks.
   */
  Reader digestUnits(boolean enabled) {
    this.digestUnits = enabled;
    return this;
  }

  /**
   * Holds back every file's batches until its digest equals {@code expected}'s, in read order (see
   * {@link FileDigests}); a file that differs throws, naming it.
   */
  Reader verifyFiles(List<FileDigest> expected) {
    this.expectedFiles = List.copyOf(expected);
    return this;
  }

  /**
   * Reads only these digest units of {@code lock} (a shard's), in this order, each as one "file" of
   * the read (see {@link UnitTasks}); each must be in one of the snapshot's files. Default: every
   * file, in path order. With a {@code part} (else null), errors say the part's rows are checked.
   */
  Reader units(List<Shards.Unit> units, TrainingLock lock, Split.Part part) {
    this.onlyUnits = List.copyOf(units);
    this.unitsLock = Objects.requireNonNull(lock, "lock");
    this.unitsPart = part;
    return this;
  }

  /** Reads only these columns (nested ones as {@code a.b}), in table order; default all. */
  public Reader select(String... newColumns) {
    this.columns = List.of(newColumns);
    return this;
  }

  /** Reads only these columns; an empty list means all. */
  public Reader select(List<String> newColumns) {
    this.columns = List.copyOf(newColumns);
    return this;
  }

  /** Rows per Arrow batch; default {@value #DEFAULT_BATCH_SIZE}. */
  public Reader batchSize(int rows) {
    Preconditions.checkArgument(rows > 0, "Invalid batch size: %s (must be positive)", rows);
    this.batchSize = rows;
    return this;
  }

  /**
   * How many threads decode data files ahead of the caller (default: the cores, at most 4); 1 reads
   * on the caller's thread only. Batches come in the same order either way.
   */
  public Reader threads(int count) {
    Preconditions.checkArgument(count > 0, "Invalid thread count: %s (must be positive)", count);
    this.threads = count;
    return this;
  }

  /**
   * Tells {@code listener} as {@link #arrow} moves from data file to data file (a shuffled read is
   * one "file"), e.g. to show progress; default none.
   */
  public Reader onFileOpened(FileListener listener) {
    this.fileListener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** The snapshot this reader reads; throws if the ref or snapshot does not exist. */
  public long snapshotId() {
    return resolve().snapshotId();
  }

  /** The Iceberg schema of what this reader returns: the snapshot's schema, projected. */
  public Schema schema() {
    Snapshot snapshot = resolve();
    return PlannedRead.select(
        name, snapshot, PlannedRead.base(table, snapshot, readSchema, currentSchema), columns);
  }

  /** Streams the rows as Arrow batches allocated from {@code allocator}; the caller closes them. */
  public ArrowBatches arrow(BufferAllocator allocator) {
    return arrow(allocator, digest -> {});
  }

  ArrowBatches arrow(BufferAllocator allocator, Consumer<String> onExhausted) {
    Objects.requireNonNull(allocator, "allocator");
    PlannedRead.Digests digests =
        new PlannedRead.Digests(computeDigest, legacyDigest, digestUnits, expectedFiles);
    return planned().arrow(allocator, onExhausted, digests, threads, fileListener);
  }

  /** The read as one opener per data file, to read files apart (see {@link DeepVerifier}). */
  PlannedRead.FileReads fileReads() {
    return planned().fileReads(digestUnits);
  }

  /** Streams the rows as Iceberg generic records, in the same order as {@link #arrow}. */
  public CloseableIterable<Record> records() {
    return planned().records();
  }

  /** The rows {@link PartsExport} routes to the parts of {@code split}, unshuffled. */
  PartsExport.Rows partRows(Split parts) {
    return planned().partRows(parts);
  }

  private PlannedRead planned() {
    SnapshotFiles files = plan();
    Schema base = PlannedRead.base(table, files.snapshot(), readSchema, currentSchema);
    Schema projection = PlannedRead.select(name, files.snapshot(), base, columns);
    return new PlannedRead(files, base, projection, batchSize, vectorized, split, shuffleSeed);
  }

  Table table() {
    return table;
  }

  /**
   * Reads these files, planned for this reader's snapshot without a filter, instead of planning
   * again (see {@link TimeTravel#pinnedReader}); ignored if the reader reads another snapshot or
   * filters.
   */
  Reader planned(SnapshotFiles files) {
    this.planned = files;
    return this;
  }

  private SnapshotFiles plan() {
    SnapshotFiles all = target().plan(filter, planned);
    return onlyUnits == null ? all : UnitTasks.of(all, onlyUnits, unitsLock, unitsPart);
  }

  Snapshot resolve() {
    return target().resolve();
  }

  private ReadTarget target() {
    return new ReadTarget(table, name, ref, snapshotId, asOf);
  }
}
