package dev.floe.compaction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;

/**
 * Which data files each delete file applies to, as the plan's scan assigned them (by partition,
 * sequence number, path and column bounds). A delete file is released, and a commit removes it from
 * the table, once every data file it applies to has been rewritten with its deletes applied: no
 * live file needs it then. Files added after the plan have newer sequence numbers, which older
 * delete files never apply to.
 */
final class DeleteScopes {
  private final Map<String, DeleteFile> deletes = new LinkedHashMap<>();
  private final Map<String, Set<String>> targets = new HashMap<>();
  private final Set<String> released = new HashSet<>();

  void add(FileScanTask task) {
    for (DeleteFile delete : task.deletes()) {
      deletes.putIfAbsent(delete.location(), delete);
      targets.computeIfAbsent(delete.location(), k -> new HashSet<>()).add(task.file().location());
    }
  }

  boolean isEmpty() {
    return deletes.isEmpty();
  }

  /**
   * The delete files not released yet whose data files are all in {@code rewritten}; {@link
   * #markReleased} once they are committed.
   */
  List<DeleteFile> releasableBy(Set<String> rewritten) {
    List<DeleteFile> free = new ArrayList<>();
    deletes.forEach(
        (location, delete) -> {
          if (!released.contains(location) && rewritten.containsAll(targets.get(location))) {
            free.add(delete);
          }
        });
    return free;
  }

  void markReleased(List<DeleteFile> files) {
    files.forEach(file -> released.add(file.location()));
  }
}
