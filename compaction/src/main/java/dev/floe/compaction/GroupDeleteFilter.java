package dev.floe.compaction;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.data.DeleteLoader;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.io.FileIO;

/**
 * Iceberg's generic delete filter for one data file of a group, loading each delete file once per
 * group: an equality delete file or a partition-wide position delete file applies to many files of
 * a group, and Iceberg's loader would read it again for each. The cache lives as long as one
 * group's rewrite, on one thread, and holds at most {@link #MAX_CACHED_BYTES} (Iceberg's size
 * estimates); beyond that, files load uncached as before.
 */
final class GroupDeleteFilter extends GenericDeleteFilter {
  /** Per group: as Spark's executor cache entry limit, 64 MB, four times over. */
  static final long MAX_CACHED_BYTES = 256L << 20;

  private final Cache cache;

  GroupDeleteFilter(FileIO io, FileScanTask task, Schema schema, Cache cache) {
    super(io, task, schema, schema);
    this.cache = cache;
  }

  @Override
  protected DeleteLoader newDeleteLoader() {
    return new BaseDeleteLoader(this::loadInputFile) {
      @Override
      protected boolean canCache(long size) {
        return size <= MAX_CACHED_BYTES;
      }

      @Override
      protected <V> V getOrLoad(String key, Supplier<V> load, long size) {
        return cache.getOrLoad(key, load, size);
      }
    };
  }

  /** Loaded delete files of one group, by Iceberg's cache key. Not thread-safe: one group. */
  static final class Cache {
    private final Map<String, Object> loaded = new HashMap<>();
    private long bytes;

    @SuppressWarnings("unchecked")
    <V> V getOrLoad(String key, Supplier<V> load, long size) {
      Object cached = loaded.get(key);
      if (cached != null) {
        return (V) cached;
      }
      V value = load.get();
      if (bytes + size <= MAX_CACHED_BYTES) {
        loaded.put(key, value);
        bytes += size;
      }
      return value;
    }
  }
}
