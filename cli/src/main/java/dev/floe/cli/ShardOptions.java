package dev.floe.cli;

import dev.floe.timetravel.EqualShards;
import dev.floe.timetravel.Rehydration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The shard options of {@code floe rehydrate}: one shard of a lock for distributed training. */
final class ShardOptions {
  @Option(
      names = "--rank",
      paramLabel = "R",
      description =
          "With --world-size: read only shard R (0 to N-1) of the lock's rows (or of --part):"
              + " whole digest units dealt to N shards, disjoint, balanced, the same on every"
              + " machine.")
  Integer rank;

  @Option(
      names = "--world-size",
      paramLabel = "N",
      description = "The number of shards (distributed ranks) for --rank.")
  Integer worldSize;

  @Option(
      names = "--epoch",
      paramLabel = "E",
      defaultValue = "0",
      description = "With --shuffle: the epoch that seeds the shard's order; default 0.")
  long epoch;

  @Option(
      names = "--shuffle",
      description =
          "Shuffle the shard: its units' order, then rows within each unit, reproducible from"
              + " (lock, --epoch).")
  boolean shuffle;

  /** {@link EqualShards}, as the command line spells it. */
  enum Equal {
    none,
    drop,
    pad
  }

  @Option(
      names = "--equal",
      paramLabel = "MODE",
      defaultValue = "none",
      description =
          "Equal-length shards for distributed training: drop (cut longer shards to the"
              + " shortest) or pad (repeat a shorter shard's first rows); default none.")
  Equal equal;

  /** Usage errors; {@code notArrow}: the command writes something other than Arrow. */
  void check(CommandSpec spec, boolean notArrow) {
    boolean shardOptions = shuffle || equal != Equal.none || epoch != 0;
    if ((rank == null) != (worldSize == null) || shardOptions && worldSize == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--rank and --world-size go together; --epoch, --shuffle and --equal need them");
    }
    if (worldSize != null && notArrow) {
      throw new ParameterException(
          spec.commandLine(), "A shard is read as Arrow: not with --part all or --format parquet");
    }
    if (worldSize != null && worldSize < 1) {
      throw new ParameterException(
          spec.commandLine(), "Invalid --world-size " + worldSize + ": must be at least 1");
    }
    if (worldSize != null && (rank < 0 || rank >= worldSize)) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              "Invalid --rank %s for --world-size %s: must be 0 to %s",
              rank, worldSize, worldSize - 1));
    }
  }

  void apply(Rehydration rehydration) {
    if (worldSize == null) {
      return;
    }
    rehydration
        .shard(rank, worldSize)
        .epoch(epoch)
        .equalShards(EqualShards.valueOf(equal.name().toUpperCase(Locale.ROOT)));
    if (shuffle) {
      rehydration.shuffle();
    }
  }

  /** The shard fields of {@code --json}, when one was asked for. */
  void describe(Map<String, Object> json) {
    if (worldSize != null) {
      json.put("rank", rank);
      json.put("world_size", worldSize);
      json.put("epoch", epoch);
      json.put("shuffle", shuffle);
      json.put("equal", equal.name());
    }
  }

  String fileSuffix() {
    return worldSize == null ? "" : ".shard-" + rank + "-of-" + worldSize;
  }

  String label() {
    return worldSize == null ? "" : " shard " + rank + " of " + worldSize;
  }
}
