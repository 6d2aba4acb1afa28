package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * {@link PlainText}'s short cut gives what {@link MapRows} gives, value for value (bit for bit for
 * doubles and floats), and the same error for what map rows refuse: random text of every shape,
 * plain or not.
 */
class PlainTextTest {
  private static final Timestamps.EpochUnit UNIT = Timestamps.EpochUnit.of(Map.of(), "t");

  @Test
  void everyTextConvertsAsMapRowsConvertIt() {
    Random random = new Random(11);
    List<String> texts =
        new ArrayList<>(List.of("", "-", ".", "-.5", "5.", "1.2.3", "-0", "-0.000"));
    texts.addAll(List.of("0", "007", "+1", " 1", "1e3", "NaN", "Infinity", "true", "False", "x"));
    texts.addAll(List.of("999999999999999", "9999999999999999", "-999999999999999999"));
    texts.addAll(List.of("9223372036854775807", "-2147483648", "2147483648", "0.1", "0.3"));
    for (int i = 0; i < 20_000; i++) {
      texts.add(randomText(random));
    }
    for (Type type :
        List.of(
            Types.LongType.get(),
            Types.IntegerType.get(),
            Types.DoubleType.get(),
            Types.FloatType.get(),
            Types.BooleanType.get(),
            Types.StringType.get())) {
      for (boolean required : new boolean[] {false, true}) {
        Types.NestedField field =
            required
                ? Types.NestedField.required(1, "c", type)
                : Types.NestedField.optional(1, "c", type);
        PlainText.Conversion plain = PlainText.of(field, UNIT);
        for (Object raw : withNullAndNumbers(texts)) {
          assertSame(field, plain, raw);
        }
      }
    }
  }

  private static void assertSame(Types.NestedField field, PlainText.Conversion plain, Object raw) {
    Object expected = null;
    Throwable refused = null;
    try {
      expected = MapRows.convertField(field, raw, 7, "", UNIT);
    } catch (RuntimeException e) {
      refused = e;
    }
    if (refused != null) {
      Throwable got = catchThrowable(() -> plain.convert(raw, 7));
      assertThat(got)
          .as("%s as %s", raw, field)
          .hasSameClassAs(refused)
          .hasMessage(refused.getMessage());
      return;
    }
    Object got = plain.convert(raw, 7);
    assertThat(got).as("%s as %s", raw, field).isEqualTo(expected); // Double.equals: bits, -0.0
    if (got != null) {
      assertThat(got.getClass()).isEqualTo(expected.getClass());
    }
  }

  private static List<Object> withNullAndNumbers(List<String> texts) {
    List<Object> values = new ArrayList<>(texts);
    values.add(null);
    values.addAll(List.of(5, 5L, 2.5, -0.0, new BigDecimal("1.25"), Boolean.TRUE));
    return values;
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? "-" : "");
    switch (random.nextInt(5)) {
      case 0 -> text.append(Long.toString(Math.abs(random.nextLong()) >>> random.nextInt(64)));
      case 1 ->
          text.append(
              String.format(
                  Locale.ROOT,
                  "%." + random.nextInt(12) + "f",
                  random.nextDouble() * Math.pow(10, random.nextInt(12))));
      case 2 ->
          text.append(
              Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20)));
      case 3 -> text.append(Float.toString(random.nextFloat() * 1000));
      default -> {
        int digits = 1 + random.nextInt(18);
        for (int i = 0; i < digits; i++) {
          text.append(random.nextInt(10));
          if (random.nextInt(digits) == 0 && text.indexOf(".") < 0) {
            text.append('.');
          }
        }
      }
    }
    return text.toString();
  }
}
