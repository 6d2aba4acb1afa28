package dev.floe.timetravel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Edits a lock file's JSON by hand, as a user with a text editor would, and reads it back. */
final class LockEdits {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LockEdits() {}

  /** Writes {@code lock} to {@code file}, applies {@code edit} to its JSON, reads it back. */
  static TrainingLock edited(TrainingLock lock, Path file, Consumer<ObjectNode> edit) {
    lock.write(file);
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(Files.readString(file));
      edit.accept(node);
      Files.writeString(file, JSON.writeValueAsString(node));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return TrainingLock.read(file);
  }

  /**
   * Writes {@code lock} to {@code file} with file {@code index}'s digest replaced by {@code digest}
   * and the root recomputed, as a consistent edit would, and reads it back.
   */
  static TrainingLock withFileDigest(TrainingLock lock, Path file, int index, String digest) {
    java.util.List<FileDigest> files = new java.util.ArrayList<>(lock.fileDigests());
    FileDigest old = files.get(index);
    files.set(index, new FileDigest(old.path(), old.rows(), digest));
    return edited(
        lock,
        file,
        n -> {
          ((ObjectNode) n.withArray("/fileDigests").get(index)).put("digest", digest);
          n.put("contentDigest", FileDigest.root(files));
        });
  }

  /** Every file in {@code dir}, hidden ones included, by name; empty when it does not exist. */
  static java.util.List<String> listing(Path dir) {
    if (!Files.isDirectory(dir)) {
      return java.util.List.of();
    }
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
