package io.fetchq.bench;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The Fetchq benchmark: each workload runs through the public API (the {@code Fetchq} client and
 * its {@code Queue}) and, interleaved with it, as bare JDBC statements on a plain table (the
 * floor), so every result carries its ratio to the floor measured in the same run. Every run prints
 * one JSON line, every workload variant a JSON result line with the medians, and a table closes.
 *
 * <pre>
 * java -jar fetchq-bench/target/fetchq-bench.jar drain --tasks 100000 --concurrency 4 --batch 100
 * </pre>
 */
@Command(name = "fetchq-bench", mixinStandardHelpOptions = true,
    subcommands = {PushWorkload.class, DrainWorkload.class, MixedWorkload.class, SoakWorkload.class,
        VolumeWorkload.class, DashboardWorkload.class},
    description = "Runs a workload through Fetchq and as bare JDBC (the floor), interleaved, and reports both.")
public final class Bench implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a workload: push, drain, mixed, soak, volume or dashboard");
  }

  public static void main(String[] args) {
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new Bench());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler((e, command, parsed) -> {
      e.printStackTrace(command.getErr());
      command.getErr().flush();
      return 1;
    });
    return commandLine.execute(args);
  }
}
