package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A group's delete files load once each, and the cache never holds more than its limit. */
class GroupDeleteFilterCacheTest {
  @Test
  void loadsEachDeleteFileOncePerGroup() {
    GroupDeleteFilter.Cache cache = new GroupDeleteFilter.Cache();
    AtomicInteger loads = new AtomicInteger();

    for (int i = 0; i < 3; i++) {
      assertThat(cache.getOrLoad("eq-1", () -> "rows-" + loads.incrementAndGet(), 10))
          .isEqualTo("rows-1");
    }
    assertThat(cache.getOrLoad("eq-2", () -> "other-" + loads.incrementAndGet(), 10))
        .isEqualTo("other-2");
    assertThat(loads).hasValue(2);
  }

  @Test
  void loadsAgainWhatDoesNotFitTheLimit() {
    GroupDeleteFilter.Cache cache = new GroupDeleteFilter.Cache();
    AtomicInteger loads = new AtomicInteger();
    long half = GroupDeleteFilter.MAX_CACHED_BYTES / 2 + 1;

    cache.getOrLoad("big-1", loads::incrementAndGet, half);
    cache.getOrLoad("big-2", loads::incrementAndGet, half);
    cache.getOrLoad("big-2", loads::incrementAndGet, half);
    cache.getOrLoad("big-1", loads::incrementAndGet, half);

    // The first fits and stays; the second would pass the limit, so it loads each time.
    assertThat(loads).hasValue(3);
  }
}
