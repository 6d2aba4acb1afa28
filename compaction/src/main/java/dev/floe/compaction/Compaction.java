package dev.floe.compaction;

import java.util.Objects;
import org.apache.iceberg.Table;

/** Entry point of the rewrite jobs: {@code Compaction.binPack(table).toBranch("exp").commit()}. */
public final class Compaction {
  private Compaction() {}

  /**
   * Starts a bin-pack rewrite of {@code table}'s small data files; nothing happens until commit.
   */
  public static BinPack binPack(Table table) {
    Objects.requireNonNull(table, "table");
    return new BinPack(table);
  }

  /** Starts a rewrite of the main branch's data manifests into few, larger ones. */
  public static ManifestRewrite rewriteManifests(Table table) {
    Objects.requireNonNull(table, "table");
    return new ManifestRewrite(table);
  }
}
