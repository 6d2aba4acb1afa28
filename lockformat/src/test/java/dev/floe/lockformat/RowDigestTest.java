package dev.floe.lockformat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.lockformat.DigestField.Kind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The row-based digest gives the published test vectors of docs/digest.md. */
class RowDigestTest {
  private static final String FLAT =
      "33dfcb5a4e9c55c54fba874abeb90e94f05faae5d8e9c4998ecbf292067ec2bc";
  private static final String NESTED =
      "06de47229b436973c4a633e2cce3e948796d6fb7fc1ec745479481bf42a28373";

  @Test
  void flatVectorDigestsAsPublished() {
    assertThat(Digests.hex(flat().finish())).isEqualTo(FLAT);
  }

  @Test
  void nestedVectorDigestsAsPublished() {
    assertThat(Digests.hex(nested().finish())).isEqualTo(NESTED);
  }

  @Test
  void rootsOverTheVectorsAsPublished() {
    assertThat(Digests.root(List.of()))
        .isEqualTo("e846c4f86d9470911844d0fcbbc203df93433740a704674d35191ea4ba30128c");
    assertThat(
            Digests.root(
                List.of(
                    new Lock.FileEntry("flat", 4, FLAT, List.of()),
                    new Lock.FileEntry("nested", 5, NESTED, List.of()))))
        .isEqualTo("e99d553ebf6c1e56a76a6aa6845c1bf91b0dbc6ef2d190bf561028f2e1d437b1");
  }

  @Test
  void aChangedValueChangesTheDigest() {
    RowDigest digest = new RowDigest(List.of(DigestField.of(Kind.DOUBLE, true)));
    digest.add(Arrays.asList(0.0));
    RowDigest negative = new RowDigest(List.of(DigestField.of(Kind.DOUBLE, true)));
    negative.add(Arrays.asList(-0.0));
    assertThat(digest.finish()).isNotEqualTo(negative.finish());
  }

  private static RowDigest flat() {
    List<DigestField> fields = new ArrayList<>();
    fields.add(DigestField.of(Kind.INT, false));
    for (Kind kind :
        List.of(
            Kind.BOOLEAN,
            Kind.INT,
            Kind.LONG,
            Kind.FLOAT,
            Kind.DOUBLE,
            Kind.INT,
            Kind.LONG,
            Kind.LONG,
            Kind.LONG,
            Kind.STRING,
            Kind.BINARY)) {
      fields.add(DigestField.of(kind, true));
    }
    fields.add(DigestField.decimal(2, true));
    fields.add(DigestField.of(Kind.UUID, true));
    fields.add(DigestField.fixed(3, true));
    RowDigest digest = new RowDigest(fields);
    digest.add(
        Arrays.asList(
            0,
            true,
            42,
            1L << 40,
            1.5f,
            -2.25,
            days("2026-12-05"),
            LocalTime.parse("13:14:15.000016").toNanoOfDay() / 1000,
            micros(LocalDateTime.parse("2026-12-05T01:02:03.000004").atOffset(ZoneOffset.UTC)),
            micros(OffsetDateTime.parse("1969-12-31T23:59:59.999999Z")),
            "héllo",
            bytes("000102ff"),
            new BigDecimal("1234567.89"),
            UUID.fromString("00112233-4455-6677-8899-aabbccddeeff"),
            bytes("070809")));
    List<Object> nulls = new ArrayList<>(Arrays.asList(new Object[15]));
    nulls.set(0, 1);
    digest.add(nulls);
    digest.add(
        Arrays.asList(
            2,
            false,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            Float.intBitsToFloat(0x7fc00000),
            -0.0,
            days("1969-12-31"),
            0L,
            0L,
            micros(OffsetDateTime.parse("2000-01-01T00:00+05:00")),
            "",
            new byte[0],
            new BigDecimal("-0.01"),
            new UUID(0, 0),
            bytes("000000")));
    digest.add(
        Arrays.asList(
            3,
            true,
            -1,
            -1L,
            -0.0f,
            Double.longBitsToDouble(0x7ff8000000000000L),
            days("0001-01-01"),
            LocalTime.parse("23:59:59.999999").toNanoOfDay() / 1000,
            micros(LocalDateTime.parse("9999-12-31T23:59:59").atOffset(ZoneOffset.UTC)),
            micros(OffsetDateTime.parse("2026-06-01T12:00Z")),
            "z",
            bytes("2a"),
            new BigDecimal("9999999.99"),
            new UUID(-1, -1),
            bytes("ff0001")));
    return digest;
  }

  private static RowDigest nested() {
    DigestField vec = DigestField.list(DigestField.of(Kind.FLOAT, true), true);
    DigestField tags = DigestField.list(DigestField.of(Kind.STRING, false), true);
    DigestField attrs =
        DigestField.map(DigestField.of(Kind.STRING, false), DigestField.of(Kind.INT, true), true);
    DigestField point =
        DigestField.struct(
            List.of(DigestField.of(Kind.DOUBLE, true), DigestField.of(Kind.STRING, true)), true);
    RowDigest digest =
        new RowDigest(List.of(DigestField.of(Kind.INT, false), vec, tags, attrs, point));
    digest.add(
        Arrays.asList(
            0,
            Arrays.asList(1.0f, null, -0.0f),
            List.of("a", "bc"),
            map("k", 1, "l", null),
            Arrays.asList(0.5, "p")));
    digest.add(Arrays.asList(1, List.of(), List.of(), map(), Arrays.asList(null, null)));
    digest.add(Arrays.asList(2, null, null, null, null));
    digest.add(
        Arrays.asList(3, List.of(Float.NaN), List.of(""), map("", 0), Arrays.asList(-0.0, "")));
    digest.add(Arrays.asList(4, Arrays.asList((Float) null), List.of("x"), map("z", -7), null));
    return digest;
  }

  private static Map<String, Integer> map(Object... entries) {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (int i = 0; i < entries.length; i += 2) {
      map.put((String) entries[i], (Integer) entries[i + 1]);
    }
    return map;
  }

  private static int days(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  private static long micros(OffsetDateTime time) {
    return ChronoUnit.MICROS.between(OffsetDateTime.parse("1970-01-01T00:00Z"), time);
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
