package dev.floe.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An experiment: a branch named {@code name} created from {@code from}. With the embedded backend
 * it is a branch on each of {@code tables}; in Nessie mode it is one catalog-wide Nessie branch and
 * {@code tables} are the tables on it. Owner, purpose and creation time are null for branches that
 * Floe did not create; {@code lastCommitAt} is null when nothing was committed to the branch;
 * {@code expiresAt} is null without a TTL.
 */
public record Experiment(
    String name,
    String from,
    String owner,
    String purpose,
    Instant createdAt,
    List<String> tables,
    Instant lastCommitAt,
    Instant expiresAt) {
  public Experiment {
    Objects.requireNonNull(name, "name");
    tables = List.copyOf(tables);
  }

  /** True when the experiment has a TTL that ran out before {@code now}. */
  public boolean isExpired(Instant now) {
    return expiresAt != null && expiresAt.isBefore(now);
  }

  /**
   * The ref to load a table of this experiment with: {@code floe.tables().resolve("db.t@" +
   * ref())}.
   */
  public String ref() {
    return name;
  }
}
