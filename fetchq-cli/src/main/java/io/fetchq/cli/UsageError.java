package io.fetchq.cli;

import io.fetchq.InvalidArgumentException;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A library rule broken by an argument, told in the command's own words: the library's {@code
 * limit: must be between 1 and 1000; was 0} becomes {@code --limit must be between 1 and 1000; was
 * 0}, printed with the usage, exit code 2.
 */
final class UsageError {
  /** The library's field names and the arguments that carry them. */
  private static final Map<String, String> ARGUMENTS = Map.of(
      "limit", "--limit",
      "subjectPrefix", "--prefix",
      "after", "--after",
      "reason", "--reason",
      "queue", "QUEUE",
      "subject", "SUBJECT",
      "subjects", "SUBJECT",
      "interval", "--interval");

  private UsageError() {}

  static ParameterException of(CommandSpec spec, InvalidArgumentException broken) {
    String argument = ARGUMENTS.getOrDefault(broken.field(), broken.field());
    return new ParameterException(spec.commandLine(), argument + " " + broken.rule());
  }
}
