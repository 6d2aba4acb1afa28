package dev.floe.catalog.refs;

import dev.floe.catalog.ExperimentDiff;
import dev.floe.catalog.TableRef;
import dev.floe.catalog.events.FloeEvent;
import dev.floe.catalog.events.FloeEvents;
import java.time.Instant;
import java.util.function.Supplier;

/** Tells listeners (lineage) of one table merged from an experiment branch into its target. */
final class MergeEvents {
  private MergeEvents() {}

  /**
   * After {@code change} landed: the target now points at the branch's diffed head. The location is
   * looked up only when some lakehouse listens.
   */
  static void merged(
      String kind,
      ExperimentDiff.TableDiff change,
      String branch,
      String target,
      Supplier<String> location) {
    if (change.branchSnapshotId() == null) {
      return;
    }
    FloeEvents.emit(
        () ->
            new FloeEvent.Publish(
                TableRef.parse(change.table()).identifier().toString(),
                location.get(),
                kind,
                branch,
                change.branchSnapshotId(),
                target,
                change.branchSnapshotId(),
                Instant.now()));
  }
}
