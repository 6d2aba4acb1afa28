package dev.floe.cli;

import dev.floe.bench.CliIngestPath;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** {@code floe ingest} for {@code floe bench ingest}'s CLI case, in a clean environment. */
public final class BenchIngestPath implements CliIngestPath {
  @Override
  public int ingest(
      Path warehouse, String table, List<Path> files, List<String> options, StringBuilder out) {
    List<String> args = new ArrayList<>(List.of("ingest", "-w", warehouse.toString(), table));
    files.forEach(file -> args.add(file.toString()));
    args.addAll(options);
    StringWriter text = new StringWriter();
    CommandLine command = FloeCli.commandLine(false, CliEnvironment.clean());
    command.setOut(new PrintWriter(text, true));
    command.setErr(new PrintWriter(text, true));
    int code = command.execute(args.toArray(String[]::new));
    out.append(text);
    return code;
  }
}
