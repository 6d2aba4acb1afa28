package dev.floe.compaction;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import dev.floe.catalog.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.TableProperties;

/**
 * What {@link Maintenance} does, read from a properties file. Every key is optional; a step whose
 * keys are absent uses the table's properties and the {@code _DEFAULT}s, and tiering runs only when
 * {@code tier.cold-location} and {@code tier.cold-after} are set. Durations read as {@code 7d},
 * {@code 12h}, {@code 30m}, {@code 45s} or ISO-8601 ({@code PT1H}). Orphan removal is a dry run
 * unless {@code orphans.delete=true} (as {@code floe maintain --delete}).
 *
 * <p>The target file size is Iceberg's key, {@code write.target-file-size-bytes}; the earlier
 * {@code compact.target-file-size-bytes} is a deprecated alias, used only when Iceberg's key is not
 * in the policy. Either replaces the table's own target size for this run.
 *
 * <pre>
 * write.target-file-size-bytes=134217728
 * compact.min-input-files=2
 * expire.older-than=5d
 * expire.retain-last=1
 * orphans.older-than=3d
 * orphans.delete=true
 * tier.cold-after=90d
 * tier.cold-location=s3://archive/events
 * tier.cold-storage-class=GLACIER_IR
 * </pre>
 */
public record MaintenancePolicy(Map<String, String> properties) {
  /** Iceberg's {@code write.target-file-size-bytes}: compaction's target for this run. */
  public static final String TARGET_FILE_SIZE_BYTES = TableProperties.WRITE_TARGET_FILE_SIZE_BYTES;

  /**
   * Floe's earlier key for {@link #TARGET_FILE_SIZE_BYTES}, read when that is not set.
   *
   * @deprecated set {@link #TARGET_FILE_SIZE_BYTES} instead.
   */
  @Deprecated
  public static final String TARGET_FILE_SIZE_BYTES_ALIAS = "compact.target-file-size-bytes";

  public static final String MIN_INPUT_FILES = "compact.min-input-files";
  public static final String MAX_BYTES_PER_RUN = "compact.max-bytes-per-run";
  public static final String PARALLELISM = "compact.parallelism";
  public static final String REWRITE_MANIFESTS = "compact.rewrite-manifests";
  public static final String EXPIRE_OLDER_THAN = "expire.older-than";
  public static final String EXPIRE_RETAIN_LAST = "expire.retain-last";
  public static final String ORPHANS_OLDER_THAN = "orphans.older-than";
  public static final String ORPHANS_DELETE = "orphans.delete";
  public static final String TIER_COLD_AFTER = "tier.cold-after";
  public static final String TIER_COLD_LOCATION = "tier.cold-location";
  public static final String TIER_COLD_STORAGE_CLASS = "tier.cold-storage-class";
  public static final String TIER_COLD_CODEC = "tier.cold-codec";

  static final Set<String> KNOWN =
      Set.of(
          TARGET_FILE_SIZE_BYTES,
          TARGET_FILE_SIZE_BYTES_ALIAS,
          MIN_INPUT_FILES,
          MAX_BYTES_PER_RUN,
          PARALLELISM,
          REWRITE_MANIFESTS,
          EXPIRE_OLDER_THAN,
          EXPIRE_RETAIN_LAST,
          ORPHANS_OLDER_THAN,
          ORPHANS_DELETE,
          TIER_COLD_AFTER,
          TIER_COLD_LOCATION,
          TIER_COLD_STORAGE_CLASS,
          TIER_COLD_CODEC);

  public MaintenancePolicy {
    properties = Map.copyOf(properties);
    Set<String> unknown = new TreeSet<>(properties.keySet());
    unknown.removeAll(KNOWN);
    checkArgument(
        unknown.isEmpty(),
        "Invalid maintenance policy: unknown keys %s (known: %s)",
        unknown,
        new TreeSet<>(KNOWN));
    checkArgument(
        properties.containsKey(TIER_COLD_AFTER) == properties.containsKey(TIER_COLD_LOCATION),
        "Invalid maintenance policy: %s and %s go together",
        TIER_COLD_AFTER,
        TIER_COLD_LOCATION);
    // Fail on a bad value now, not halfway through the job.
    properties.forEach(
        (key, value) -> {
          if (key.endsWith("older-than") || key.endsWith("cold-after")) {
            duration(key, value);
          } else if (key.equals(REWRITE_MANIFESTS) || key.equals(ORPHANS_DELETE)) {
            checkArgument(
                value.trim().matches("(?i)true|false"),
                "Invalid maintenance policy: %s=%s is not true or false",
                key,
                value);
          } else if (!key.startsWith("tier.")) {
            number(key, value);
          }
        });
  }

  public static MaintenancePolicy defaults() {
    return new MaintenancePolicy(Map.of());
  }

  String get(String key) {
    return properties.get(key);
  }

  /** The number of the first of {@code keys} the policy sets, or null if it sets none. */
  Long longValue(String... keys) {
    for (String key : keys) {
      if (properties.containsKey(key)) {
        return number(key, properties.get(key));
      }
    }
    return null;
  }

  /** The policy's target file size: Iceberg's key, else the deprecated alias; null if neither. */
  Long targetFileSizeBytes() {
    return longValue(TARGET_FILE_SIZE_BYTES, TARGET_FILE_SIZE_BYTES_ALIAS);
  }

  Duration durationValue(String key) {
    return properties.containsKey(key) ? duration(key, properties.get(key)) : null;
  }

  boolean flag(String key, boolean defaultValue) {
    return properties.containsKey(key)
        ? Boolean.parseBoolean(properties.get(key).trim())
        : defaultValue;
  }

  boolean tiering() {
    return properties.containsKey(TIER_COLD_LOCATION);
  }

  private static long number(String key, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          String.format("Invalid maintenance policy: %s=%s is not a number", key, value));
    }
  }

  /**
   * {@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 0} or ISO-8601 ({@link Durations}).
   */
  public static Duration duration(String key, String value) {
    Objects.requireNonNull(value, key);
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid maintenance policy: %s=%s is not a duration: %s",
              key, value, e.getMessage()),
          e);
    }
  }
}
