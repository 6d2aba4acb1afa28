package dev.floe.catalog;

import java.util.List;
import java.util.Objects;

/**
 * What one branch or tag keeps alive, summed over its tables. {@code bytesReferenced} is the size
 * of the data and delete files live in the ref's head snapshot of each table; {@code
 * exclusiveBytes} the part of it no other branch or tag (main included) has live in its head: what
 * dropping this ref (and expiring its snapshots) would free. {@code snapshots} counts the ref's
 * head and the ancestors still in metadata (one for an Iceberg tag, which keeps only its snapshot).
 * {@code unreadableTables} are tables on the ref whose metadata or manifests could not be read
 * (storage gone or unreachable): they are not in the other numbers.
 */
public record RefReport(
    String name,
    Kind kind,
    List<String> tables,
    int snapshots,
    long files,
    long bytesReferenced,
    long exclusiveBytes,
    List<String> unreadableTables) {
  public RefReport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    tables = List.copyOf(tables);
    unreadableTables = List.copyOf(unreadableTables);
  }

  /** A branch (main or an experiment) or a tag. */
  public enum Kind {
    BRANCH,
    TAG
  }
}
