package dev.floe.catalog.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Map;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.relocated.com.google.common.collect.ImmutableMap;

/**
 * Iceberg's {@code FileIO} for a warehouse on the local disk, through {@code java.nio}: what
 * HadoopFileIO did for local warehouses without loading Hadoop's file systems (a few hundred
 * classes and a process per {@code chmod} or {@code ls} without Hadoop's native library).
 *
 * <p>Locations are plain paths ({@code /data/wh/db/t/...}) or {@code file:} URIs ({@code
 * file:/data/...}, {@code file:///data/...}, {@code file://localhost/data/...}), read the way
 * Hadoop read them: the path part is taken as it is, without percent-decoding, so metadata written
 * through HadoopFileIO in either form opens here. Locations handed back (listings) keep the form of
 * the prefix asked for. {@link OutputFile#create()} fails if the file exists, as Iceberg expects;
 * the parent folders are made as needed. Iceberg instantiates it by name ({@code io-impl}).
 */
public final class LocalFileIO implements SupportsPrefixOperations {
  private Map<String, String> properties = Map.of();

  public LocalFileIO() {}

  @Override
  public void initialize(Map<String, String> props) {
    this.properties = ImmutableMap.copyOf(props);
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public InputFile newInputFile(String location) {
    return new LocalInputFile(location, path(location), -1);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    return new LocalInputFile(location, path(location), length);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new LocalOutputFile(location, path(location));
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(path(location));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every file under the folder {@code prefix} names (a file named exactly {@code prefix} alone),
   * at any depth, read now; none when it does not exist. Symbolic links are listed as files, not
   * followed; an entry deleted while the listing runs is left out.
   */
  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    Path root = path(prefix);
    String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    List<FileInfo> files = new ArrayList<>();
    Deque<Path> folders = new ArrayDeque<>();
    BasicFileAttributes top = attributes(root);
    if (top == null) {
      return files;
    } else if (!top.isDirectory()) {
      files.add(new FileInfo(prefix, top.size(), top.lastModifiedTime().toMillis()));
      return files;
    }
    folders.push(root);
    while (!folders.isEmpty()) {
      Path folder = folders.pop();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        for (Path entry : entries) {
          BasicFileAttributes attributes = attributes(entry);
          if (attributes == null) {
            continue; // deleted since the folder was read
          } else if (attributes.isDirectory()) {
            folders.push(entry);
          } else {
            String relative = root.relativize(entry).toString().replace('\\', '/');
            files.add(
                new FileInfo(
                    base + "/" + relative,
                    attributes.size(),
                    attributes.lastModifiedTime().toMillis()));
          }
        }
      } catch (NoSuchFileException e) {
        // a folder deleted while listing holds nothing any more
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
      }
    }
    return files;
  }

  /**
   * Deletes every file under {@code prefix} (as {@link #listPrefix} finds them) and the folders.
   */
  @Override
  public void deletePrefix(String prefix) {
    Path root = path(prefix);
    for (FileInfo file : listPrefix(prefix)) {
      deleteFile(file.location());
    }
    deleteFolders(root);
  }

  private static void deleteFolders(Path folder) {
    BasicFileAttributes attributes = attributes(folder);
    if (attributes == null || !attributes.isDirectory()) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        deleteFolders(entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
    }
    try {
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + folder + ": " + e.getMessage(), e);
    }
  }

  private static BasicFileAttributes attributes(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** The local path of a plain path or a {@code file:} URI, as Hadoop's {@code Path} reads it. */
  static Path path(String location) {
    String path = location;
    if (location.regionMatches(true, 0, "file:", 0, 5)) {
      path = location.substring(5);
      if (path.startsWith("//")) {
        int end = path.indexOf('/', 2);
        String authority = end < 0 ? path.substring(2) : path.substring(2, end);
        if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
          throw unreachable(location, "host " + authority + " is not this one");
        }
        path = end < 0 ? "/" : path.substring(end);
      }
    } else if (location.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*")) {
      throw unreachable(location, "not a path or file: URI");
    }
    return Path.of(path);
  }

  // An I/O failure, as Hadoop's "No FileSystem for scheme" was: callers that list what a catalog
  // holds (ref reports, reachability) count such a table as unreadable instead of failing.
  private static RuntimeIOException unreachable(String location, String why) {
    return new RuntimeIOException("Invalid local location %s: %s", location, why);
  }
}
