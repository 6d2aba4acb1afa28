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
   * (for a {@code floe-digest/2} lock: its first unit's, and the file digest over the units) and
   * the root recomputed, as a consistent edit would, and reads it back.
   */
  static TrainingLock withFileDigest(TrainingLock lock, Path file, int index, String digest) {
    java.util.List<FileDigest> files = new java.util.ArrayList<>(lock.fileDigests());
    FileDigest old = files.get(index);
    java.util.List<FileDigest.Unit> units = new java.util.ArrayList<>(old.units());
    String fileDigest = digest;
    if (!units.isEmpty()) {
      FileDigest.Unit first = units.get(0);
      units.set(0, new FileDigest.Unit(first.offset(), first.count(), first.rows(), digest));
      fileDigest = FileDigest.over(units);
    }
    files.set(index, new FileDigest(old.path(), old.rows(), fileDigest, units));
    String newFileDigest = fileDigest;
    return edited(
        lock,
        file,
        n -> {
          ObjectNode entry = (ObjectNode) n.withArray("/fileDigests").get(index);
          entry.put("digest", newFileDigest);
          if (entry.has("units")) {
            ((ObjectNode) entry.withArray("/units").get(0)).put("digest", digest);
          }
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
