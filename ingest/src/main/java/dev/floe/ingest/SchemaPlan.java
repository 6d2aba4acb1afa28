package dev.floe.ingest;

import java.util.List;
import java.util.Objects;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;

/** The schema changes a batch needs, already checked against the writer's policy. */
record SchemaPlan(List<NewColumn> additions, List<Widening> widenings) {
  SchemaPlan {
    additions = List.copyOf(additions);
    widenings = List.copyOf(widenings);
  }

  boolean isEmpty() {
    return additions.isEmpty() && widenings.isEmpty();
  }

  void applyTo(UpdateSchema update) {
    for (NewColumn column : additions) {
      if (column.parent() == null) {
        update.addColumn(column.name(), column.type());
      } else {
        update.addColumn(column.parent(), column.name(), column.type());
      }
    }
    for (Widening widening : widenings) {
      update.updateColumn(widening.path(), widening.type());
    }
  }

  /** An optional column to add under {@code parent} (a dotted path; null for the top level). */
  record NewColumn(String parent, String name, Type type) {
    NewColumn {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  record Widening(String path, Type.PrimitiveType type) {
    Widening {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(type, "type");
    }
  }
}
