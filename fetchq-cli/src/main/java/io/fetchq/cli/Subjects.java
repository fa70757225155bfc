package io.fetchq.cli;

import io.fetchq.InvalidArgumentException;
import io.fetchq.internal.Require;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The subjects a command acts on: its arguments, or with {@code -} as the only one, the lines of
 * stdin (one subject a line; blank lines skipped, surrounding spaces kept out), so that a listing
 * piped through {@code jq} feeds {@code retry}. Each is checked by the library's rule before
 * anything reaches the database; repeated subjects count once.
 */
final class Subjects {
  static final String STDIN = "-";

  private Subjects() {}

  /**
   * @throws InvalidArgumentException naming {@code subject} for a subject the library refuses, or
   *     when there is none
   */
  static List<String> read(List<String> arguments, InputStream stdin) {
    List<String> given = arguments == null ? List.of() : arguments;
    List<String> subjects;
    if (given.equals(List.of(STDIN))) {
      subjects = lines(stdin);
    } else if (given.contains(STDIN)) {
      throw new InvalidArgumentException("subject", "- (read from stdin) must be the only subject");
    } else {
      subjects = given;
    }
    if (subjects.isEmpty()) {
      throw new InvalidArgumentException("subject", "at least one is needed" + (given.isEmpty() ? "" : "; stdin had none"));
    }
    subjects.forEach(s -> Require.subject("subject", s));
    return List.copyOf(new LinkedHashSet<>(subjects));
  }

  private static List<String> lines(InputStream stdin) {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String subject = line.strip();
        if (!subject.isEmpty()) {
          lines.add(subject);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading subjects from stdin", e);
    }
    return lines;
  }
}
