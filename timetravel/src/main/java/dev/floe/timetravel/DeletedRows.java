package dev.floe.timetravel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.data.DeleteLoader;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.util.StructLikeSet;

/**
 * The delete files of one data file, loaded by Iceberg's own delete loader (position deletes,
 * deletion vectors and equality deletes): which of its rows are deleted, asked of decoded vectors.
 * Equality deletes are checked on the projected columns, so every equality field must be a
 * projected top-level column of a type {@link VectorRow} reads ({@link #checkable}); otherwise the
 * file takes the row path, which reads the extra columns.
 */
final class DeletedRows {
  private final PositionDeleteIndex positions;
  private final List<StructLikeSet> keys = new ArrayList<>();
  private final List<VectorRow> rows = new ArrayList<>();

  private DeletedRows(PositionDeleteIndex positions) {
    this.positions = positions;
  }

  /**
   * Whether the deletes of {@code task}'s file can be checked on rows of {@code projection}: every
   * equality delete's fields are projected columns {@link VectorRow} reads. Loads nothing.
   */
  static boolean checkable(FileScanTask task, Schema projection) {
    return task.deletes().stream()
        .filter(file -> file.content() == FileContent.EQUALITY_DELETES)
        .allMatch(
            file ->
                file.equalityFieldIds().stream().allMatch(id -> VectorRow.reads(projection, id)));
  }

  /** Loads the deletes of {@code task}'s file, which must be {@link #checkable}. */
  static DeletedRows load(Table table, FileScanTask task, Schema projection) {
    Map<List<Integer>, List<DeleteFile>> equality = new LinkedHashMap<>();
    List<DeleteFile> position = new ArrayList<>();
    for (DeleteFile file : task.deletes()) {
      if (file.content() == FileContent.POSITION_DELETES) {
        position.add(file);
      } else {
        equality.computeIfAbsent(file.equalityFieldIds(), ids -> new ArrayList<>()).add(file);
      }
    }
    DeleteLoader loader = new BaseDeleteLoader(file -> table.io().newInputFile(file));
    DeletedRows deleted =
        new DeletedRows(
            position.isEmpty()
                ? PositionDeleteIndex.empty()
                : loader.loadPositionDeletes(position, task.file().location()));
    equality.forEach(
        (ids, files) -> {
          Schema key = TypeUtil.select(projection, new HashSet<>(ids));
          deleted.keys.add(loader.loadEqualityDeletes(files, key));
          deleted.rows.add(new VectorRow(projection, key));
        });
    return deleted;
  }

  /**
   * Whether the row at {@code row} of {@code root}, at {@code position} in its file, is deleted.
   */
  boolean isDeleted(long position, VectorSchemaRoot root, int row) {
    if (positions.isDeleted(position)) {
      return true;
    }
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).contains(rows.get(i).at(root, row))) {
        return true;
      }
    }
    return false;
  }
}
