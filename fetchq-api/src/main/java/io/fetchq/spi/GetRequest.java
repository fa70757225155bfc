package io.fetchq.spi;

import io.fetchq.internal.Require;
import java.util.Arrays;
import java.util.List;

/**
 * Tasks to read by subject.
 *
 * @param queue the queue's name
 * @param subjects 1 to 50,000 subjects
 */
public record GetRequest(String queue, List<String> subjects) {
  public GetRequest {
    Require.queueName("queue", queue);
    subjects = List.copyOf(Require.batch("subjects", subjects));
    subjects.forEach(s -> Require.subject("subjects", s));
  }

  public static GetRequest of(String queue, String... subjects) {
    return new GetRequest(queue, Arrays.asList(Require.notNull("subjects", subjects)));
  }
}
