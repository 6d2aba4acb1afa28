package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @Test
  void readsEveryShortUnit() {
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
  }

  @Test
  void readsZeroWithoutUnit() {
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void readsIso8601() {
    assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("pt90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("P2DT3H")).isEqualTo(Duration.ofDays(2).plusHours(3));
    assertThat(Durations.parse("PT0S")).isEqualTo(Duration.ZERO);
  }

  @Test
  void ignoresCaseAndSurroundingBlanks() {
    assertThat(Durations.parse(" 12H ")).isEqualTo(Duration.ofHours(12));
    assertThat(Durations.parse("\t7D\n")).isEqualTo(Duration.ofDays(7));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "soon", "7", "d", "7w", "1.5h", "7 d", "+7d", "PT", "P1X", "0x"})
  void rejectsWhatIsNotADurationNamingTheValue(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid duration '" + text + "'")
        .hasMessageContaining("PT1H");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1s", "-7d", "PT-1H", "-PT1H", "P-1D"})
  void rejectsNegativeDurations(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid duration '" + text + "'")
        .hasMessageContaining("must not be negative");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> Durations.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid duration");
  }

  @Test
  void rejectsWhatOverflowsADuration() {
    assertThatThrownBy(() -> Durations.parse("9223372036854775807d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
    assertThatThrownBy(() -> Durations.parse("99999999999999999999s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
    assertThatThrownBy(() -> Durations.parse("PT9223372036854775807H"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid duration 'PT9223372036854775807H'");
  }

  @Test
  void readsTheLargestDayCountThatFits() {
    long days = Long.MAX_VALUE / 86_400;
    assertThat(Durations.parse(days + "d")).isEqualTo(Duration.ofDays(days));
  }
}
