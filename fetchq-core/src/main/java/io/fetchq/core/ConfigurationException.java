package io.fetchq.core;

import io.fetchq.FetchqException;
import java.util.List;

/**
 * A Fetchq configuration that cannot be used. It lists every problem found at once, each naming
 * the key, the value (secrets masked), the rule it broke and where the value came from, such as
 * {@code fetchq.worker.batch: must be between 1 and 50000; was 0 (system property
 * fetchq.worker.batch)}.
 */
public final class ConfigurationException extends FetchqException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** One exception for the given problems, at least one, each a line that names its key. */
  public ConfigurationException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** One exception for a single problem. */
  public ConfigurationException(String problem) {
    this(List.of(problem));
  }

  /** The problems, one line each, in the order they were found. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems: must not be empty");
    }
    if (problems.size() == 1) {
      return problems.get(0);
    }
    return problems.size() + " problems in the Fetchq configuration:\n  - " + String.join("\n  - ", problems);
  }
}
