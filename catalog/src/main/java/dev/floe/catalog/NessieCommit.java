package dev.floe.catalog;

import java.time.Instant;
import java.util.Objects;

/** One commit of a Nessie reference's log: its hash and when it was committed. */
public record NessieCommit(String hash, Instant commitTime) {
  public NessieCommit {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(commitTime, "commitTime");
  }
}
