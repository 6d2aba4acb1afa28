package dev.floe.catalog.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NessieJavaTest {
  @TempDir Path dir;

  @Test
  void noUsableJavaFailsInOneLineWithoutAStackTrace() {
    String previous = System.getProperty("floe.nessie.java");
    System.setProperty("floe.nessie.java", dir.resolve("no-jdk").toString());
    Throwable thrown;
    try {
      thrown = catchThrowable(NessieJava::find);
    } finally {
      if (previous == null) {
        System.clearProperty("floe.nessie.java");
      } else {
        System.setProperty("floe.nessie.java", previous);
      }
    }

    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Nessie tests need a Java 21+ runtime: set FLOE_NESSIE_JAVA")
        .hasMessageContaining("no-jdk")
        .hasNoCause();
    assertThat(thrown.getMessage()).doesNotContain("\n");
    assertThat(thrown.getStackTrace()).hasSize(1);
  }
}
