package io.fetchq.chaos;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The chaos program: {@code run} orchestrates a whole run; {@code worker} is one worker JVM it starts. */
@Command(
    name = "fetchq-chaos",
    mixinStandardHelpOptions = true,
    subcommands = {RunCommand.class, WorkerCommand.class},
    description = "One queue, several worker JVMs, faults on a seeded schedule, and a checker at the end.")
public final class Chaos implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Chaos()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
