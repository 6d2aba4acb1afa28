package dev.floe.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code floe completion bash}: the shell completion script picocli writes from the model. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print the shell completion script of floe (for bash, and zsh through bashcompinit).",
      "",
      "Enable it in the current shell:  source <(./floe completion bash)",
      "or for good: ./floe completion bash > ~/.floe-completion.bash and source that file",
      "from ~/.bashrc. zsh: autoload -U +X bashcompinit && bashcompinit first."
    })
final class CompletionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SHELL",
      defaultValue = "bash",
      description = "bash (default); the script also serves zsh.")
  Shell shell;

  enum Shell {
    bash
  }

  @Override
  public void run() {
    // The root's model, so the script completes every command and option the floe command has.
    spec.commandLine().getOut().print(AutoComplete.bash("floe", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
  }
}
