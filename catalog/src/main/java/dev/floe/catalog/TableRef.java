package dev.floe.catalog;

import dev.floe.catalog.exceptions.InvalidTableNameException;
import java.util.Objects;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A table name with an optional branch or tag and, in nessie mode, an optional Nessie commit hash:
 * {@code db.table}, {@code db.table@ref}, {@code db.table@ref#hash} or {@code db.table#hash} (the
 * syntax of Nessie's own table references). Without a ref it means the table's {@code main} branch.
 *
 * @param hash a Nessie commit hash (full, or a prefix of at least 8 hex digits), or null
 */
public record TableRef(TableIdentifier identifier, String ref, String hash) {
  public TableRef {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(ref, "ref");
  }

  public static TableRef parse(String text) {
    Objects.requireNonNull(text, "table name");
    String trimmed = text.trim();
    int hashAt = trimmed.indexOf('#');
    String hash = hashAt < 0 ? null : trimmed.substring(hashAt + 1);
    String nameAndRef = hashAt < 0 ? trimmed : trimmed.substring(0, hashAt);
    int at = nameAndRef.indexOf('@');
    String name = at < 0 ? nameAndRef : nameAndRef.substring(0, at);
    String ref = at < 0 ? SnapshotRef.MAIN_BRANCH : nameAndRef.substring(at + 1);
    if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_-]*(\\.[A-Za-z0-9_][A-Za-z0-9_-]*)+")) {
      throw new InvalidTableNameException(
          "Invalid table name '%s': expected namespace.table, optionally @ref or @ref#hash"
              + " (e.g. ml.events@exp-1)",
          text);
    }
    if (ref.isBlank()) {
      throw new InvalidTableNameException("Invalid table name '%s': empty ref after '@'", text);
    }
    if (hash != null && !hash.matches("[0-9a-fA-F]{8,64}")) {
      throw new InvalidTableNameException(
          "Invalid table name '%s': '%s' after '#' is not a Nessie commit hash (8 to 64 hex digits)",
          text, hash);
    }
    return new TableRef(TableIdentifier.parse(name), ref, hash);
  }

  /** The table's {@code main} branch at its current commit: no ref and no hash given. */
  public boolean isMain() {
    return SnapshotRef.MAIN_BRANCH.equals(ref) && hash == null;
  }

  /** Whether a Nessie commit hash was given. */
  public boolean hasHash() {
    return hash != null;
  }

  @Override
  public String toString() {
    String withRef =
        SnapshotRef.MAIN_BRANCH.equals(ref) ? identifier.toString() : identifier + "@" + ref;
    return hash == null ? withRef : withRef + "#" + hash;
  }
}
