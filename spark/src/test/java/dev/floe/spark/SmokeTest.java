package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSpark.class)
class SmokeTest {
  @Test
  void runs() {
    assertThat(LocalSpark.spark().range(10).count()).isEqualTo(10);
  }
}
