package dev.floe.columnar;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.iceberg.io.FileAppender;
import org.apache.orc.Writer;

/**
 * Adds user metadata to an ORC file that Iceberg's ORC appender is writing. Iceberg takes ORC
 * metadata only when the appender is built, but a file's provenance is known only once the writer
 * rolls to the next file; ORC's own {@link Writer#addUserMetadata} takes it any time before close,
 * and the appender keeps that writer in a private field (Iceberg 1.11, the last iceberg-orc), so it
 * is reached by reflection. If a later Iceberg renames the field, this fails loudly, naming it.
 */
final class OrcUserMetadata {
  private OrcUserMetadata() {}

  static void add(FileAppender<?> appender, String key, String value) {
    Writer writer = orcWriter(appender);
    writer.addUserMetadata(key, ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static Writer orcWriter(FileAppender<?> appender) {
    try {
      Field field = appender.getClass().getDeclaredField("writer");
      field.setAccessible(true);
      return (Writer) field.get(appender);
    } catch (ReflectiveOperationException | ClassCastException | SecurityException e) {
      throw new IllegalStateException(
          "Cannot add provenance to an ORC file: "
              + appender.getClass().getName()
              + " has no ORC writer field 'writer' (an Iceberg other than 1.11?)",
          e);
    }
  }
}
