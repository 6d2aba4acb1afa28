package dev.floe.catalog.testing;

import dev.floe.catalog.exceptions.NessieUnavailableException;
import java.nio.file.Path;

/**
 * The Java 21+ launcher for the Nessie runner: the lookup lives in main code ({@link
 * dev.floe.catalog.nessie.NessieJava}, shared with {@code floe nessie start}); tests keep getting
 * an {@link IllegalStateException} when there is none.
 */
final class NessieJava {
  private NessieJava() {}

  static Path find() {
    try {
      return dev.floe.catalog.nessie.NessieJava.find();
    } catch (NessieUnavailableException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
