package dev.floe.timetravel;

/**
 * Whether the shards of a distributed read ({@link Rehydration#shard}) are made equally long, as
 * data-parallel training needs (every rank must run the same number of steps).
 */
public enum EqualShards {
  /** Each shard has exactly its units' rows; lengths differ by up to one unit. */
  NONE,
  /** Every shard stops at the length of the shortest: the trailing rows of longer ones are left. */
  DROP,
  /** Every shard is as long as the longest: shorter ones repeat their own first rows. */
  PAD
}
