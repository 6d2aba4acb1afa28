package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written reader of common ISO timestamps ({@link Timestamps#common}) against the JDK's
 * ISO formatter it stands in for: the same value for every text it takes, and no answer (so the
 * formatter decides, and words the error) for every text it does not.
 */
class TimestampTextTest {
  private static final List<String> EDGES =
      List.of(
          "2026-11-21T08:00:00Z",
          "2026-11-21 08:00:00Z",
          "2026-11-21T08:00Z",
          "2026-11-21T08:00:00.5Z",
          "2026-11-21T08:00:00.123456789Z",
          "2026-11-21T08:00:00.1234567891Z",
          "2026-11-21T08:00:00.Z",
          "2026-11-21T08:00:00+01:00",
          "2026-11-21T08:00:00-00:00",
          "2026-11-21T08:00:00-05:30",
          "2026-11-21T08:00:00+18:00",
          "2026-11-21T08:00:00+18:30",
          "2026-11-21T08:00:00+01:75",
          "2026-11-21T08:00:00+0100",
          "2026-11-21T08:00:00+01",
          "2026-11-21T08:00:00+01:00:30",
          "2026-11-21T08:00:00Z[UTC]",
          "2026-11-21T08:00:00",
          "2026-11-21 08:00",
          "2026-02-30T08:00:00Z",
          "2028-02-29T23:59:59Z",
          "2026-11-21T24:00:00Z",
          "2026-11-21T08:60:00Z",
          "2026-11-21T08:00:60Z",
          "2026-13-01T00:00:00Z",
          "2026-11-21T8:00:00Z",
          "2026-11-21t08:00:00Z",
          "2026-11-21T08:00:00z",
          "+2026-11-21T08:00:00Z",
          "20261-11-21T08:00:00Z",
          "2026-11-21T08:00:0Z",
          "２０２６-11-21T08:00:00Z",
          "2026-11-21T08:00:00ZZ",
          "0000-01-01T00:00:00Z");

  @Test
  void readsCommonShapesAsTheIsoFormatterDoes() {
    for (String text : EDGES) {
      assertSame(text, true);
      assertSame(text, false);
    }
  }

  @Test
  void takesTheShapesExportsWriteWithoutTheFormatter() {
    assertThat(Timestamps.common(true, "2026-11-06T00:40:39.589175Z"))
        .isEqualTo(OffsetDateTime.parse("2026-11-06T00:40:39.589175Z"));
    assertThat(Timestamps.common(true, "2026-11-21 08:00:00+01:00"))
        .isEqualTo(OffsetDateTime.parse("2026-11-21T08:00:00+01:00"));
    assertThat(Timestamps.common(false, "2026-11-21 08:00:00.25"))
        .isEqualTo(LocalDateTime.parse("2026-11-21T08:00:00.25"));
    assertThat(Timestamps.common(false, "2026-11-21T08:00:00Z")).isNull(); // refused by text()
  }

  @Test
  void agreesWithTheIsoFormatterOnRandomTexts() {
    SplittableRandom random = new SplittableRandom(14);
    String[] offsets = {"Z", "+01:00", "-07:30", "+14:00", "", "+99:00", "-00:45"};
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      String fraction = "";
      if (random.nextBoolean()) {
        StringBuilder digits = new StringBuilder(".");
        for (int d = random.nextInt(1, 11); d > 0; d--) {
          digits.append(random.nextInt(10));
        }
        fraction = digits.toString();
      }
      texts.add(
          String.format(
              "%04d-%02d-%02d%s%02d:%02d%s%s%s",
              random.nextInt(1900, 2400),
              random.nextInt(0, 14),
              random.nextInt(0, 33),
              random.nextBoolean() ? "T" : " ",
              random.nextInt(0, 26),
              random.nextInt(0, 61),
              random.nextInt(4) == 0 ? "" : String.format(":%02d", random.nextInt(0, 61)),
              random.nextInt(4) == 0 ? "" : fraction,
              offsets[random.nextInt(offsets.length)]));
    }
    for (String text : texts) {
      assertSame(text, true);
      assertSame(text, false);
    }
  }

  /** What the hand reader answers is what the formatter answers; it may decline, never differ. */
  private static void assertSame(String text, boolean zoned) {
    Object fast = Timestamps.common(zoned, text);
    Object expected = formatter(zoned, text);
    if (fast != null) {
      assertThat(fast).as(text).isEqualTo(expected);
    }
  }

  private static Object formatter(boolean zoned, String text) {
    String iso =
        text.length() > 10 && text.charAt(10) == ' '
            ? text.substring(0, 10) + 'T' + text.substring(11)
            : text;
    TemporalAccessor parsed;
    try {
      parsed = DateTimeFormatter.ISO_DATE_TIME.parse(iso);
    } catch (RuntimeException e) {
      return null;
    }
    boolean offset = parsed.isSupported(ChronoField.OFFSET_SECONDS);
    if (zoned != offset
        || parsed.query(java.time.temporal.TemporalQueries.zoneId()) != null
            && !(parsed.query(java.time.temporal.TemporalQueries.zoneId())
                instanceof java.time.ZoneOffset)) {
      return null;
    }
    return zoned ? OffsetDateTime.from(parsed) : LocalDateTime.from(parsed);
  }
}
