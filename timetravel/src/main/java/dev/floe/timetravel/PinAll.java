package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Pins several tables for one training run (e.g. features and labels) into one {@link LockFile}. In
 * nessie mode, tables on one Nessie branch are pinned at one commit of it, so they agree with each
 * other. Every table is read and checked before any tag is created, so a failed pin leaves every
 * table untouched. Start with {@link TimeTravel#pinAll}, end with {@link #commit()} or {@link
 * #writeTo}.
 *
 * <pre>{@code
 * LockFile run =
 *     TimeTravel.pinAll(floe, List.of("ml.features@exp-1", "ml.labels@exp-1"))
 *         .configure("ml.features@exp-1", pin -> pin.select("id", "embedding"))
 *         .writeTo(lockFile);
 * }</pre>
 */
public final class PinAll {
  private final Map<String, Pin> pins = new LinkedHashMap<>();
  private final boolean nessie;
  private String tag;

  PinAll(Floe floe, List<String> tables) {
    Objects.requireNonNull(floe, "floe");
    Preconditions.checkArgument(!tables.isEmpty(), "Cannot pin: no tables given");
    List<ResolvedTable> resolved = floe.tables().resolveCommits(tables);
    for (int i = 0; i < tables.size(); i++) {
      Pin previous = pins.put(tables.get(i), new Pin(floe, resolved.get(i)));
      Preconditions.checkArgument(
          previous == null, "Cannot pin %s twice in one lock", tables.get(i));
    }
    this.nessie = resolved.stream().anyMatch(table -> table.nessieHash() != null);
  }

  /** Sets the options of one table's pin ({@link Pin#select}, {@link Pin#filter}, ...). */
  public PinAll configure(String table, Consumer<Pin> options) {
    Pin pin = pins.get(table);
    Preconditions.checkArgument(
        pin != null,
        "Cannot configure %s: not one of the tables pinned (%s)",
        table,
        pins.keySet());
    options.accept(pin);
    return this;
  }

  /** Sets options of every table's pin. */
  public PinAll configureEach(Consumer<Pin> options) {
    pins.values().forEach(options);
    return this;
  }

  /**
   * The tag that keeps the pinned data: an Iceberg tag on each table, or in nessie mode a Nessie
   * tag on the pinned commit. Default: one per snapshot ({@code floe-pin-<snapshotId>}) or per
   * Nessie commit.
   */
  public PinAll tag(String newTag) {
    this.tag = Objects.requireNonNull(newTag, "tag");
    pins.values().forEach(pin -> pin.tag(newTag));
    return this;
  }

  /**
   * Checks and reads every table, then creates the tags; returns the lock file, writes nothing. If
   * a concurrent expire removes a pinned snapshot before its tag exists, the tags already created
   * are removed and, when every table is pinned at its ref's current snapshot, all are pinned
   * again; else {@link dev.floe.catalog.exceptions.SnapshotNotFoundException} says which snapshot
   * expired.
   */
  public LockFile commit() {
    for (int attempt = 1; ; attempt++) {
      List<Pin.Prepared> prepared = prepare();
      int tagged = 0;
      try {
        for (Pin.Prepared pin : prepared) {
          pin.createTag().run();
          tagged++;
        }
      } catch (SnapshotNotFoundException e) {
        // A lock of some tables is no lock: undo the tags this attempt created.
        prepared.subList(0, tagged).forEach(pin -> pin.dropTag().run());
        if (!prepared.stream().allMatch(Pin.Prepared::replannable) || attempt == PinTags.ATTEMPTS) {
          throw e;
        }
        continue;
      }
      // Listeners hear of a pin only once every table of the lock is tagged.
      return new LockFile(prepared.stream().map(Pin.Prepared::locked).toList());
    }
  }

  private List<Pin.Prepared> prepare() {
    List<Pin.Prepared> prepared = new ArrayList<>();
    pins.values().forEach(pin -> prepared.add(pin.prepare()));
    if (nessie && tag != null) {
      long commits =
          prepared.stream()
              .map(p -> p.lock().nessieHash())
              .filter(Objects::nonNull)
              .distinct()
              .count();
      Preconditions.checkArgument(
          commits <= 1,
          "Cannot tag %s Nessie commits as '%s': a Nessie tag names one commit; pin tables of"
              + " one branch together, or leave the tag out",
          commits,
          tag);
    }
    return prepared;
  }

  /** {@link #commit()}, then writes the lock file to {@code lockFile}. */
  public LockFile writeTo(Path lockFile) {
    Objects.requireNonNull(lockFile, "lockFile");
    LockFile file = commit();
    file.write(lockFile);
    return file;
  }
}
