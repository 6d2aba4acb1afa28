package dev.floe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;

class EventDataTest {
  @Test
  void sameSeedGivesSameRows() {
    assertThat(EventData.generate(0, 100, 10, 4, 7))
        .isEqualTo(EventData.generate(0, 100, 10, 4, 7));
    assertThat(EventData.generate(0, 100, 10, 4, 7))
        .isNotEqualTo(EventData.generate(0, 100, 10, 4, 8));
  }

  @Test
  void tenDaysOfEventsFill160Partitions() {
    List<Record> rows = EventData.generate(0, 20_000, 10, 0, 42);
    PartitionKey key = new PartitionKey(EventData.SPEC, EventData.SCHEMA);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(EventData.SCHEMA.asStruct());
    Set<String> partitions = new HashSet<>();
    for (Record row : rows) {
      key.partition(wrapper.wrap(row));
      partitions.add(key.toPath());
    }

    assertThat(partitions).hasSize(160);
  }

  @Test
  void embeddingHasRequestedDimensions() {
    Record row = EventData.generate(5, 1, 1, 256, 1).get(0);

    assertThat(row.getField("id")).isEqualTo(5L);
    assertThat((List<?>) row.getField("embedding")).hasSize(256);
    assertThat(EventData.generate(5, 1, 1, 0, 1).get(0).getField("embedding")).isNull();
  }
}
