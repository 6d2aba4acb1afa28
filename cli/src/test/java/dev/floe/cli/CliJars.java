package dev.floe.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The CLI laid out as {@code mvn package} leaves it (cli/target/floe-cli.jar naming its lib/ jars),
 * made from the test class path: the build's class folders become jars, because class data sharing
 * archives classes from jars only.
 */
final class CliJars {
  private CliJars() {}

  /** Writes {@code cli/target/floe-cli.jar} and {@code cli/target/lib/} under {@code root}. */
  static Path layOut(Path root) throws IOException {
    Path target = Files.createDirectories(root.resolve("cli/target"));
    Path lib = Files.createDirectories(target.resolve("lib"));
    List<String> names = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path source = Path.of(entry);
      Path jar = lib.resolve(n++ + "-" + source.getFileName() + ".jar");
      if (Files.isDirectory(source)) {
        jarFolder(source, jar);
      } else if (Files.isRegularFile(source)) {
        link(source, jar);
      } else {
        continue;
      }
      names.add("lib/" + jar.getFileName());
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FloeCli.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", names));
    Path cliJar = target.resolve("floe-cli.jar");
    try (OutputStream out = Files.newOutputStream(cliJar)) {
      new JarOutputStream(out, manifest).close();
    }
    return cliJar;
  }

  /** A hard link where it can (a symbolic one would make JUnit warn when it cleans up). */
  private static void link(Path source, Path jar) throws IOException {
    try {
      Files.createLink(jar, source.toAbsolutePath());
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(source, jar);
    }
  }

  private static void jarFolder(Path folder, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(folder)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(folder.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
  }
}
