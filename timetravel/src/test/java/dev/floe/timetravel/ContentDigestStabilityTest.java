package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * Lock files written by earlier Floe versions hold content digests: the encoding of every kind of
 * value must never change, however the digest is computed.
 */
class ContentDigestStabilityTest {
  // Computed by the first released encoding (one MessageDigest call per value).
  private static final String FIRST_ENCODING =
      "23053fddf4057a4320df58a5ed1d7254034521ddd67c6b01d43af8d4e55572f6";

  @Test
  void everyKindOfValueDigestsAsInTheFirstEncoding() {
    ContentDigest digest = new ContentDigest();
    rows().forEach(digest::update);
    assertThat(digest.hex()).isEqualTo(FIRST_ENCODING);
  }

  static List<Record> rows() {
    Types.StructType type =
        Types.StructType.of(
            Types.NestedField.optional(1, "a", Types.IntegerType.get()),
            Types.NestedField.optional(2, "b", Types.StringType.get()));
    Record nested = GenericRecord.create(type);
    nested.set(0, 7);
    nested.set(1, "x".repeat(70_000));
    Object[] values = {
      null,
      true,
      42,
      42L,
      1.5f,
      2.5d,
      "héllo",
      ByteBuffer.wrap(new byte[] {1, 2, 3}),
      new byte[] {4, 5},
      new BigDecimal("-123.45"),
      LocalDate.of(1969, 12, 31),
      LocalTime.of(23, 59, 59, 999_999_000),
      LocalDateTime.of(1969, 1, 1, 0, 0, 0, 1000),
      OffsetDateTime.of(2026, 11, 21, 1, 2, 3, 4000, ZoneOffset.ofHours(2)),
      new UUID(1, -1),
      Arrays.asList(1f, null, 3f),
      Map.of("k", 1L),
      nested
    };
    Types.NestedField[] fields = new Types.NestedField[values.length];
    for (int i = 0; i < values.length; i++) {
      fields[i] = Types.NestedField.optional(100 + i, "c" + i, Types.StringType.get());
    }
    Record row = GenericRecord.create(Types.StructType.of(fields));
    for (int i = 0; i < values.length; i++) {
      row.set(i, values[i]);
    }
    return List.of(row, row, row);
  }
}
