package dev.floe.cli;

import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;

/**
 * The Arrow IPC format of a written file ({@code --arrow-format}): the file format ({@code .arrow};
 * {@code pyarrow.ipc.open_file}, {@code pyarrow.dataset}, Feather readers) or the stream format
 * ({@code .arrows}; {@code pyarrow.ipc.open_stream}).
 */
enum ArrowFormat {
  file(".arrow"),
  stream(".arrows");

  static final String DESCRIPTION =
      "Arrow IPC format: file (.arrow; pyarrow.ipc.open_file, pyarrow.dataset, Feather) or"
          + " stream (.arrows; pyarrow.ipc.open_stream)";

  private final String extension;

  ArrowFormat(String extension) {
    this.extension = extension;
  }

  String extension() {
    return extension;
  }

  /** The format a file's name asks for when none is given: the stream for {@code .arrows}. */
  static ArrowFormat of(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(stream.extension) ? stream : file;
  }

  /** A writer of {@code root}'s batches into {@code channel} in this format, not yet started. */
  ArrowWriter writer(VectorSchemaRoot root, WritableByteChannel channel) {
    return this == stream
        ? new ArrowStreamWriter(root, null, channel)
        : new ArrowFileWriter(root, null, channel);
  }
}
