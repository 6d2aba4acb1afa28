package dev.floe.cli;

import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.exceptions.InvalidTableNameException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import software.amazon.awssdk.core.exception.SdkException;

/** Entry point of the {@code floe} command. */
@Command(
    name = "floe",
    mixinStandardHelpOptions = true,
    versionProvider = FloeCli.Version.class,
    description =
        "ML lakehouse tables on Apache Iceberg: ingest, experiments, compaction, time travel.",
    subcommands = {
      DemoCommand.class,
      IngestCommand.class,
      TablesCommand.class,
      SnapshotsCommand.class,
      ReadCommand.class,
      BranchCommand.class,
      TagCommand.class,
      TableCommand.class,
      NessieCommand.class,
      CompactCommand.class,
      ExpireCommand.class,
      OrphansCommand.class,
      TierCommand.class,
      MaintainCommand.class,
      PinCommand.class,
      VerifyCommand.class,
      LineageCommand.class,
      CheckCommand.class,
      ProfileCommand.class,
      AuditCommand.class,
      ReportCommand.class,
      RehydrateCommand.class,
      ServeCommand.class,
      BenchCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Catalog settings come from --config FILE (default ./floe.properties if present),",
      "FLOE_* environment variables (FLOE_WAREHOUSE, FLOE_CATALOG_MODE, FLOE_NESSIE_URI)",
      "and flags, later wins. Exit codes: 0 ok, 1 error or failed check, 2 bad usage."
    })
public final class FloeCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  private final CliEnvironment environment;

  private FloeCli(CliEnvironment environment) {
    this.environment = environment;
  }

  public static void main(String[] args) {
    System.exit(run(CliEnvironment.system(), args));
  }

  /**
   * Runs the command in a clean environment (no {@code FLOE_*} variables, no {@code
   * ./floe.properties}, no terminal) and returns its exit code: what tests call instead of main.
   */
  public static int run(String... args) {
    return run(CliEnvironment.clean(), args);
  }

  static int run(CliEnvironment environment, String... args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    quietLogging(verbose);
    return commandLine(verbose, environment).execute(args);
  }

  static CommandLine commandLine(boolean verbose) {
    return commandLine(verbose, CliEnvironment.clean());
  }

  static CommandLine commandLine(boolean verbose, CliEnvironment environment) {
    CommandLine cmd = new CommandLine(new FloeCli(environment));
    // --part train, --format PARQUET: an enum value is a word, not a Java constant.
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    // A relative file name means the caller's folder, which an in-process run names itself.
    cmd.registerConverter(Path.class, environment::path);
    cmd.setExecutionStrategy(FloeCli::refuseUnmatched);
    cmd.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          err.println("floe: " + oneLine(ex));
          OutputOptions.printErrorIfJson(commandLine, oneLine(ex));
          if (ex instanceof InvalidTableNameException) {
            // What the user typed, found once the command parsed it: a usage error, exit 2.
            return usageError(commandLine, err);
          }
          if (verbose) {
            // Library messages may embed an endpoint with user info (http://KEY:SECRET@host).
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(FloeConfig.redactUri(trace.toString()));
          } else {
            err.println("      (run with --verbose for details)");
          }
          err.flush();
          return 1;
        });
    // A usage error is one line and a pointer to --help, not the whole usage text.
    cmd.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine failed = ex.getCommandLine();
          PrintWriter err = failed.getErr();
          err.println("floe: " + FloeConfig.redactUri(oneLine(ex)));
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
          return usageError(failed, err);
        });
    return cmd;
  }

  /**
   * Runs the parsed command unless words were left unmatched: picocli lets {@code --help} win over
   * an unknown subcommand and prints the top-level help with exit 0, which hides the typo.
   */
  private static int refuseUnmatched(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    if (!last.unmatched().isEmpty()) {
      throw new CommandLine.UnmatchedArgumentException(
          last.commandSpec().commandLine(), last.unmatched());
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  /** Ends a usage error's one line with where the usage is; returns exit code 2. */
  private static int usageError(CommandLine command, PrintWriter err) {
    err.printf("      (run '%s --help' for usage)%n", command.getCommandSpec().qualifiedName());
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  CliEnvironment environment() {
    return environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A one-line message that says what went wrong, whatever the exception's shape. */
  static String oneLine(Throwable ex) {
    Throwable shown = ex;
    // An I/O wrapper's own words name the file ("Failed to open Parquet file: f.parquet"), its
    // cause says what went wrong ("EOFException"): keep both.
    String context = null;
    // Wrappers without a message of their own (or only "java.io.IOException: ...", or the
    // cause's toString) hide the cause.
    while (shown.getCause() != null
        && (shown.getMessage() == null
            || shown instanceof UncheckedIOException
            || shown.getMessage().equals(shown.getCause().toString()))) {
      if (context == null
          && shown instanceof UncheckedIOException
          && shown.getMessage() != null
          && !shown.getMessage().equals(shown.getCause().toString())) {
        context = shown.getMessage();
      }
      shown = shown.getCause();
    }
    String raw = shown.getMessage();
    String message = raw == null ? shown.getClass().getSimpleName() : raw;
    if (context != null && raw != null && context.endsWith(raw)) {
      message = context; // the wrapper quoted its cause already
    } else if (context != null && !message.contains(context)) {
      message = context + ": " + message;
    }
    if (shown instanceof FileSystemException failed && failed.getReason() == null) {
      // java.nio says only the path ("/tmp/x"): the class is the reason.
      message += ": " + reason(failed);
    }
    if (shown instanceof SdkException) {
      // The SDK's own words ("We encountered an internal error. (Service: S3, Status Code: 500")
      // do not say that the object store failed the command.
      message = "object store request failed: " + message;
    }
    return FloeConfig.redactUri(message.replaceAll("\\s*\\R\\s*", " ").strip());
  }

  private static String reason(FileSystemException failed) {
    if (failed instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (failed instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (failed instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (failed instanceof NotDirectoryException) {
      return "not a folder";
    }
    return failed.getClass().getSimpleName();
  }

  private static void quietLogging(boolean verbose) {
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    setDefault("org.slf4j.simpleLogger.log.org.apache.hadoop", verbose ? "warn" : "error");
    // Commit conflicts between producers are expected and retried; the writer reports them.
    setDefault(
        "org.slf4j.simpleLogger.log.org.apache.iceberg.util.Tasks", verbose ? "warn" : "error");
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** Reads the version Maven wrote into the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = FloeCli.class.getPackage().getImplementationVersion();
      return List.of("floe " + (version == null ? "dev" : version)).toArray(new String[0]);
    }
  }
}
