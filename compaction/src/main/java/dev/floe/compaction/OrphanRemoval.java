package dev.floe.compaction;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.io.FileIO;

/**
 * What the two orphan jobs share, {@link Orphans} (one table's metadata) and {@link
 * NessieCollection} (every Nessie reference): the safety window, the instant it is measured from,
 * extra folders to list, and deleting what {@link #plan()} finds. Young files are never orphans: a
 * writer may have written them and not committed yet.
 */
public abstract sealed class OrphanRemoval<T extends OrphanRemoval<T>>
    permits Orphans, NessieCollection {
  // Null: the job's own default, from the table's properties.
  Duration olderThan;
  private Instant now;
  final Set<String> extraLocations = new LinkedHashSet<>();

  OrphanRemoval() {}

  /** Only files last modified before {@code now - window} can be orphans. */
  public T olderThan(Duration window) {
    this.olderThan = Checks.notNegative(window, "orphan window");
    return self();
  }

  /** The instant the windows are measured from (default: the clock when listing). */
  public T now(Instant now) {
    this.now = Objects.requireNonNull(now, "now");
    return self();
  }

  /** Also look under this location, e.g. a cold tier folder that holds files of this table only. */
  public T location(String location) {
    extraLocations.add(Objects.requireNonNull(location, "location"));
    return self();
  }

  /** Dry run: the orphans, oldest first, nothing deleted. */
  public abstract List<OrphanFile> plan();

  /** Deletes the orphans that {@link #plan()} finds; returns them. */
  public List<OrphanFile> deleteOrphans() {
    List<OrphanFile> orphans = plan();
    TableFiles.delete(io(), orphans);
    return orphans;
  }

  /** The FileIO that deletes the orphans. */
  abstract FileIO io();

  Instant clock() {
    return now == null ? Instant.now() : now;
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }
}
