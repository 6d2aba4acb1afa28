package dev.floe.catalog;

import java.util.Objects;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A table name with an optional branch or tag: {@code db.table} or {@code db.table@ref}. Without a
 * ref it means the table's {@code main} branch.
 */
public record TableRef(TableIdentifier identifier, String ref) {
  public TableRef {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(ref, "ref");
  }

  public static TableRef parse(String text) {
    Objects.requireNonNull(text, "table name");
    String trimmed = text.trim();
    int at = trimmed.indexOf('@');
    String name = at < 0 ? trimmed : trimmed.substring(0, at);
    String ref = at < 0 ? SnapshotRef.MAIN_BRANCH : trimmed.substring(at + 1);
    if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_-]*(\\.[A-Za-z0-9_][A-Za-z0-9_-]*)+")) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid table name '%s': expected namespace.table, optionally @ref (e.g. ml.events@exp-1)",
              text));
    }
    if (ref.isBlank()) {
      throw new IllegalArgumentException(
          String.format("Invalid table name '%s': empty ref after '@'", text));
    }
    return new TableRef(TableIdentifier.parse(name), ref);
  }

  public boolean isMain() {
    return SnapshotRef.MAIN_BRANCH.equals(ref);
  }

  @Override
  public String toString() {
    return isMain() ? identifier.toString() : identifier + "@" + ref;
  }
}
