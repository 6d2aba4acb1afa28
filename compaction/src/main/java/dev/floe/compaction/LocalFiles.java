package dev.floe.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.apache.iceberg.io.FileInfo;

/**
 * Lists a local folder tree through {@code java.nio}, for orphan collection on a local warehouse.
 *
 * <p>Iceberg's HadoopFileIO lists through Hadoop's RawLocalFileSystem, which (without Hadoop's
 * native library) starts an {@code ls} process per file to read its permissions: 41 s for 7,000
 * files, and a file deleted between the folder listing and its {@code ls} failed the whole run with
 * a page of stack trace. Here a folder is read once, then each entry is stat'ed; an entry (file or
 * folder) that is gone by then was deleted by a concurrent writer or expiry and is skipped: a file
 * that no longer exists is not an orphan. Symbolic links are listed as files and never followed.
 */
final class LocalFiles {
  private static final BiConsumer<Path, List<Path>> NO_LISTENER = (folder, entries) -> {};

  private LocalFiles() {}

  /** Every file under {@code root}, or none when {@code root} does not exist. */
  static List<FileInfo> list(Path root) {
    return list(root, NO_LISTENER);
  }

  /**
   * As {@link #list(Path)}; {@code afterFolderRead} sees each folder's entries after the folder was
   * read and before they are stat'ed (a test deletes one there to act as a concurrent writer).
   */
  static List<FileInfo> list(Path root, BiConsumer<Path, List<Path>> afterFolderRead) {
    Objects.requireNonNull(root, "root");
    List<FileInfo> files = new ArrayList<>();
    Deque<Path> folders = new ArrayDeque<>();
    folders.push(root);
    while (!folders.isEmpty()) {
      Path folder = folders.pop();
      List<Path> entries = entries(folder);
      afterFolderRead.accept(folder, entries);
      for (Path entry : entries) {
        BasicFileAttributes attributes;
        try {
          attributes =
              Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue; // deleted since the folder was read
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read attributes of " + entry, e);
        }
        if (attributes.isDirectory()) {
          folders.push(entry);
        } else {
          files.add(
              new FileInfo(
                  "file:" + entry.toAbsolutePath(),
                  attributes.size(),
                  attributes.lastModifiedTime().toMillis()));
        }
      }
    }
    return files;
  }

  private static List<Path> entries(Path folder) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
      stream.forEach(entries::add);
    } catch (NoSuchFileException e) {
      return List.of(); // never written to, or deleted since its parent was read
    } catch (DirectoryIteratorException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        return entries;
      }
      throw new UncheckedIOException("Cannot list folder " + folder, e.getCause());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list folder " + folder, e);
    }
    return entries;
  }
}
