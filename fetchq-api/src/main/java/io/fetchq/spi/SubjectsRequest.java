package io.fetchq.spi;

import io.fetchq.internal.Require;
import java.util.Arrays;
import java.util.List;

/**
 * Some tasks of one queue, named by subject: to read, retry or run now.
 *
 * @param queue the queue's name
 * @param subjects 1 to 50,000 subjects
 */
public record SubjectsRequest(String queue, List<String> subjects) {
  public SubjectsRequest {
    Require.queueName("queue", queue);
    subjects = List.copyOf(Require.batch("subjects", subjects));
    subjects.forEach(s -> Require.subject("subjects", s));
  }

  public static SubjectsRequest of(String queue, String... subjects) {
    return new SubjectsRequest(queue, Arrays.asList(Require.notNull("subjects", subjects)));
  }
}
