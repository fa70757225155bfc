package io.fetchq.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code fetchq} operator command: {@code java -jar fetchq.jar <command>}. Results go to stdout
 * (plain text, or JSON with {@code --json}); messages and logs to stderr; the exit code says how it
 * ended (see {@code fetchq --help}).
 */
public final class FetchqCli {
  private FetchqCli() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the command line; returns the exit code. */
  static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine commandLine = new CommandLine(new FetchqCommand(out))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler((thrown, command, parsed) -> {
          Failure failure = Failure.of(thrown);
          if (failure.exit() == ExitCode.USAGE) {
            command.getErr().println(failure.message());
            command.usage(command.getErr());
          } else {
            command.getErr().println("fetchq: " + failure.message());
          }
          return failure.exit().code();
        });
    commandLine.getCommandSpec().usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCode.helpList());
    return commandLine.execute(args);
  }
}
