package dev.floe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a command prints its result, and how: text for people, or with {@code --json} one indented
 * JSON document that scripts parse (values in {@link BranchJson}'s shapes).
 */
final class OutputOptions {
  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The command's stdout. */
  PrintWriter out() {
    return command.commandLine().getOut();
  }

  /** Prints {@code value} as the command's one JSON document. */
  void printJson(Object value) {
    try {
      out().println(Json.MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot write JSON output", e);
    }
  }

  /**
   * A failed command run with {@code --json} still prints one document, {@code {"error": MESSAGE}},
   * so a script reading stdout never gets an empty parse; stderr and the exit code are as without
   * {@code --json}.
   */
  static void printErrorIfJson(CommandLine commandLine, String message) {
    for (CommandSpec mixin : commandLine.getCommandSpec().mixins().values()) {
      if (mixin.userObject() instanceof OutputOptions options && options.json) {
        options.printJson(Map.of("error", message));
        options.out().flush();
        return;
      }
    }
  }

  /**
   * Holds the mapper apart: picocli creates every command's options to build the model, and an
   * ObjectMapper made then cost each {@code floe --help} a tenth of a second it never used.
   */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
