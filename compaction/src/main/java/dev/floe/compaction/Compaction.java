package dev.floe.compaction;

import dev.floe.catalog.ResolvedTable;
import java.util.Objects;
import org.apache.iceberg.Table;

/** Entry point of the rewrite jobs: {@code Compaction.binPack(table).toBranch("exp").commit()}. */
public final class Compaction {
  private Compaction() {}

  /**
   * Starts a bin-pack rewrite of {@code table}'s small data files on {@code main}, or on the branch
   * {@link BinPack#toBranch} names; nothing happens until commit.
   */
  public static BinPack binPack(Table table) {
    Objects.requireNonNull(table, "table");
    return new BinPack(table);
  }

  /**
   * Starts a bin-pack rewrite of the ref {@code resolved} names (e.g. {@code
   * floe.tables().resolve("db.t@exp")}); a tag or Nessie commit throws {@link
   * IllegalArgumentException}.
   */
  public static BinPack binPack(ResolvedTable resolved) {
    String branch = Checks.branch(resolved, "compact");
    return new BinPack(resolved.table()).toBranch(branch);
  }

  /** Starts a rewrite of the main branch's data manifests into few, larger ones. */
  public static ManifestRewrite rewriteManifests(Table table) {
    Objects.requireNonNull(table, "table");
    return new ManifestRewrite(table);
  }
}
