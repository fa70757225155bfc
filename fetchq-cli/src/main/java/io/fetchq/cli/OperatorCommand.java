package io.fetchq.cli;

import io.fetchq.InvalidArgumentException;
import io.fetchq.core.Fetchq;
import io.fetchq.spi.SchemaMode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A subcommand that works on an existing schema: it checks its arguments first (a broken rule is a
 * usage error, exit 2, and touches nothing), then opens a client in validate mode (a missing or old
 * schema is reported, exit 5, and left as it is), runs, and closes the client, which sends any
 * wake-up the command caused before it returns.
 */
abstract class OperatorCommand implements Callable<Integer> {
  @ParentCommand FetchqCommand fetchq;

  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    fetchq.applyVerbosity();
    try {
      check();
    } catch (InvalidArgumentException e) {
      throw UsageError.of(spec, e);
    }
    try (Fetchq client = FetchqCommand.open(fetchq.config(spec, SchemaMode.VALIDATE))) {
      return run(client, fetchq.output()).code();
    }
  }

  /**
   * Checks the arguments by the library's rules, before the database is touched.
   *
   * @throws InvalidArgumentException naming the field and the rule
   */
  void check() {}

  /** Runs the command and prints its result; returns how it ended. */
  abstract ExitCode run(Fetchq client, Output out);
}
