package dev.floe.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An experiment: a branch named {@code name} on each of its tables, created from {@code from}.
 * Owner, purpose and creation time are null for branches that Floe did not create.
 */
public record Experiment(
    String name,
    String from,
    String owner,
    String purpose,
    Instant createdAt,
    List<String> tables) {
  public Experiment {
    Objects.requireNonNull(name, "name");
    tables = List.copyOf(tables);
  }

  /**
   * The ref to load a table of this experiment with: {@code floe.tables().resolve("db.t@" +
   * ref())}.
   */
  public String ref() {
    return name;
  }
}
