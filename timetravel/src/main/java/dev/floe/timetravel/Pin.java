package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeProperties;
import dev.floe.catalog.RefNames;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionParser;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Pins a snapshot for a training run: tags it so retention keeps it and describes it in a {@link
 * TrainingLock}. Start with {@link TimeTravel#pin}, end with {@link #commit()} or {@link #writeTo}.
 *
 * <p>In nessie mode the table is pinned at the Nessie commit its branch or tag points to when the
 * pin starts, and the tag is a Nessie tag on that commit: later commits to the branch, a merge or
 * dropping the branch do not change what the lock reads.
 */
public final class Pin {
  private final Floe floe;
  private final ResolvedTable resolved;
  private Long snapshotId;
  private String tag;
  private List<String> columns = List.of();
  private boolean computeDigest = true;
  private Expression filter;
  private Split split;
  private Long shuffleSeed;
  private Consumer<Step> onStep = step -> {};

  Pin(Floe floe, ResolvedTable resolved) {
    this.floe = Objects.requireNonNull(floe, "floe");
    this.resolved = Objects.requireNonNull(resolved, "resolved");
  }

  /** The snapshot to pin; default the ref's current snapshot. */
  public Pin snapshot(long newSnapshotId) {
    this.snapshotId = newSnapshotId;
    return this;
  }

  /**
   * The tag that keeps the snapshot; default {@code floe-pin-<snapshotId>}. An existing tag is
   * reused if it points at the same snapshot. A name that breaks {@link RefNames} throws {@link
   * org.apache.iceberg.exceptions.ValidationException}.
   */
  public Pin tag(String newTag) {
    RefNames.check("tag", newTag);
    this.tag = newTag;
    return this;
  }

  /** The columns the training run reads; default all. */
  public Pin select(String... newColumns) {
    this.columns = List.of(newColumns);
    return this;
  }

  /**
   * The rows the training run reads; recorded in the lock (format version 2) and applied again by
   * {@link TimeTravel#rehydrate}. Default: all rows.
   */
  public Pin filter(Expression rowFilter) {
    this.filter = Objects.requireNonNull(rowFilter, "rowFilter");
    return this;
  }

  /**
   * Records a deterministic split ({@link Split#by}); {@link Rehydration#part} reads one part back.
   * With the digest on, each part's digest is stored too.
   */
  public Pin split(Split newSplit) {
    this.split = Objects.requireNonNull(newSplit, "split");
    return this;
  }

  /**
   * Records a seeded shuffle of the row order; rehydrate returns the rows (of each split part) in
   * that order, and the digests are taken over it.
   */
  public Pin shuffle(long seed) {
    this.shuffleSeed = seed;
    return this;
  }

  /** Whether to read the data once and store its digest; default true. */
  public Pin contentDigest(boolean compute) {
    this.computeDigest = compute;
    return this;
  }

  /**
   * Creates the tag (if needed) and returns the lock; writes no file. A pin of a ref's current
   * snapshot that a concurrent expire removes before the tag protects it is planned again on the
   * ref's new snapshot; a pin of a snapshot by id throws {@link SnapshotNotFoundException} then.
   */
  public TrainingLock commit() {
    for (int attempt = 1; ; attempt++) {
      Prepared prepared = prepare();
      try {
        return prepared.tagAndLock();
      } catch (SnapshotNotFoundException e) {
        if (!prepared.replannable() || attempt == PinTags.ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * A checked pin whose tag is not created yet: {@link PinAll} tags only once all tables pass.
   * {@code dropTag} removes a tag this pin created, when a later table of the lock fails; {@code
   * replannable} says a pin of an expired snapshot may start again on the ref's new one.
   */
  record Prepared(
      TrainingLock lock,
      Runnable createTag,
      Runnable dropTag,
      String location,
      boolean replannable) {
    TrainingLock tagAndLock() {
      createTag.run();
      return locked();
    }

    /** The lock, once its tag exists; tells listeners of the pin. */
    TrainingLock locked() {
      return TimetravelEvents.pinned(location, lock);
    }
  }

  /** Where a test runs a concurrent expire: the windows before the tag protects the snapshot. */
  enum Step {
    RESOLVED,
    PLANNED,
    DIGESTED
  }

  /** A test-only seam: runs {@code hook} as the pin reaches each {@link Step}. */
  Pin onStep(Consumer<Step> hook) {
    this.onStep = Objects.requireNonNull(hook, "hook");
    return this;
  }

  /**
   * Reads and checks everything, creates nothing: a failed pin leaves the table untouched. A
   * concurrent expire that deletes files of the snapshot being pinned makes a ref's pin start again
   * on the ref's new snapshot; a snapshot asked for by id is then an error that says so.
   */
  Prepared prepare() {
    Table table = resolved.table();
    String name = resolved.name().identifier().toString();
    for (int attempt = 1; ; attempt++) {
      long id = reader(table, name).resolve().snapshotId();
      try {
        return prepare(table, name, id);
      } catch (RuntimeException e) {
        if (!replannable(table, id, e) || attempt == PinTags.ATTEMPTS) {
          throw PinTags.expiredOr(table, id, name, e);
        }
      }
    }
  }

  // Only an expire is worth planning again for: files gone from a snapshot that still exists are
  // lost data, and a Nessie commit or a snapshot asked for by id does not move.
  private boolean replannable(Table table, long id, RuntimeException e) {
    return PinTags.expired(table, id, e) && snapshotId == null && resolved.nessieHash() == null;
  }

  private Reader reader(Table table, String name) {
    Reader reader = new Reader(table, name).useRef(resolved.ref()).select(columns);
    if (filter != null) {
      reader.filter(filter);
    }
    // The shuffle is not read: the digests cover the rows in file order, and the order follows
    // from the seed.
    if (snapshotId != null) {
      reader.snapshot(snapshotId);
    }
    return reader;
  }

  private Prepared prepare(Table table, String name, long id) {
    if (snapshotId != null) {
      PinHistory.check(resolved, id);
    }
    onStep.accept(Step.RESOLVED);
    // Every read of this attempt reads snapshot id, even if the ref moves on meanwhile: the
    // digest and the fingerprint describe the same snapshot.
    Reader reader = reader(table, name).snapshot(id);
    String nessieHash = resolved.nessieHash();
    String tagName = tag != null ? tag : PinTags.defaultTag(id, nessieHash);
    if (nessieHash == null) {
      PinTags.checkFree(table, name, tagName, id);
    } else {
      PinTags.checkNessieFree(floe, name, tagName, nessieHash);
    }
    reader.schema(); // rejects unknown columns
    Snapshot snapshot = reader.resolve();
    SnapshotFiles files = SnapshotFiles.plan(table, name, snapshot);
    if (filter == null) {
      reader.planned(files); // the digest reads what was fingerprinted, planned once
    }
    onStep.accept(Step.PLANNED);
    if (split != null) {
      Preconditions.checkArgument(
          SnapshotUtil.schemaFor(table, id).asStruct().field(split.keyColumn()) != null,
          "Cannot split %s at snapshot %s on '%s': not a top-level column",
          name,
          id,
          split.keyColumn());
    }
    // Reading the data for the digest also counts the rows a rehydrate must return; without it,
    // the metadata gives the count when that is exact.
    PinRead read =
        computeDigest ? PinRead.of(reader, split) : PinRead.metadataOnly(metadataRows(files));
    TrainingLockBuilder lock =
        TrainingLock.builderFor(name, id)
            .catalog(
                floe.config().get(FloeProperties.CATALOG_NAME, FloeProperties.CATALOG_NAME_DEFAULT))
            .ref(resolved.ref())
            .schemaId(SnapshotUtil.schemaFor(table, id).schemaId())
            .columns(columns)
            .files(files.fingerprint(), files.tasks().size(), files.records())
            .contentDigest(read.digest())
            .tag(tagName)
            .pinnedAt(Instant.now())
            .filter(filter == null ? null : filterJson(table, id))
            .split(split, read.parts())
            .shuffleSeed(shuffleSeed)
            .rows(read.rows())
            .fileDigests(read.files());
    if (computeDigest) {
      lock.formatVersion(TrainingLock.UNITS_VERSION); // floe-digest/2, even with no units at all
    }
    if (nessieHash != null) {
      lock.nessieCommit(resolved.nessieRef(), nessieHash);
    }
    onStep.accept(Step.DIGESTED);
    if (nessieHash != null) {
      // In nessie mode retention keeps what Nessie references reach: tag the commit. Nessie
      // tables are never expired by Iceberg (gc.enabled=false), so there is no race to undo.
      return new Prepared(
          lock.build(),
          () -> floe.tables().tagNessieCommit(tagName, nessieHash),
          () -> {},
          table.location(),
          false);
    }
    boolean newTag = !table.refs().containsKey(tagName);
    return new Prepared(
        lock.build(),
        () -> PinTags.createTag(table, name, tagName, id),
        () -> {
          if (newTag) {
            PinTags.dropTag(table, tagName, id);
          }
        },
        table.location(),
        snapshotId == null);
  }

  /** {@link #commit()}, then writes the lock to {@code lockFile}. */
  public TrainingLock writeTo(Path lockFile) {
    Objects.requireNonNull(lockFile, "lockFile");
    TrainingLock lock = commit();
    lock.write(lockFile);
    return lock;
  }

  // Without a filter every live row is read, and the metadata counts them exactly unless
  // equality deletes hide an unknown number.
  private Long metadataRows(SnapshotFiles files) {
    if (filter != null) {
      return null;
    }
    LiveRows live = LiveRows.of(files);
    return live.exact() ? live.rows() : null;
  }

  // Written bound to the pinned schema, so each literal carries its column's type: Iceberg's JSON
  // reader refuses `30` for a double column, and the lock would pin rows it cannot read back.
  private String filterJson(Table table, long snapshotId) {
    return ExpressionParser.toJson(
        Binder.bind(SnapshotUtil.schemaFor(table, snapshotId).asStruct(), filter, true));
  }
}
