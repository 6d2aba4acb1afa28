package dev.floe.lockformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SplitHashTest {
  @Test
  void anIntKeyFallsWhereTheSameLongDoes() {
    assertThat(SplitHash.position(42, "id", 7)).isEqualTo(SplitHash.position(42, "id", 7L));
  }

  @Test
  void aStringFallsWhereItsUtf8BytesDo() {
    byte[] bytes = "user-é".getBytes(StandardCharsets.UTF_8);
    assertThat(SplitHash.position(1, "k", "user-é"))
        .isEqualTo(SplitHash.position(1, "k", bytes))
        .isEqualTo(SplitHash.position(1, "k", ByteBuffer.wrap(bytes)));
  }

  @Test
  void positionsAreInTheUnitIntervalAndDependOnTheSeed() {
    for (long key = 0; key < 1000; key++) {
      assertThat(SplitHash.position(3, "id", key)).isGreaterThanOrEqualTo(0).isLessThan(1);
    }
    assertThat(SplitHash.position(3, "id", 5L)).isNotEqualTo(SplitHash.position(4, "id", 5L));
  }

  @Test
  void refusesAKeyTypeItCannotHashNamingTheColumn() {
    assertThatThrownBy(() -> SplitHash.position(1, "score", 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot split on column score: values of java.lang.Double");
  }
}
