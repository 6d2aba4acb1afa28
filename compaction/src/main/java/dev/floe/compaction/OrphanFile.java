package dev.floe.compaction;

import java.time.Instant;
import java.util.Objects;

/** A file under a table's location that no kept snapshot or metadata file refers to. */
public record OrphanFile(String location, long sizeBytes, Instant lastModified) {
  public OrphanFile {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
