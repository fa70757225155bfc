package io.fetchq;

import io.fetchq.internal.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Decides whether a failure kills its task at once, before the queue's {@link
 * QueueOptions#maxAttempts()} does. The default kills only at the threshold.
 */
@FunctionalInterface
public interface ThresholdPolicy {

  /** Whether {@code failure} of {@code task} kills it now. */
  boolean killsAtOnce(Task task, Failure failure);

  /** Kill only when the attempts reach the queue's {@code maxAttempts}. */
  static ThresholdPolicy attemptsOnly() {
    return (task, failure) -> false;
  }

  /** Kill at once when the handler threw one of these exception types (or a subtype). */
  @SafeVarargs
  static ThresholdPolicy killOn(Class<? extends Throwable>... types) {
    List<Class<? extends Throwable>> fatal = new ArrayList<>();
    for (Class<? extends Throwable> type : Require.notNull("types", types)) {
      fatal.add(Require.notNull("types", type));
    }
    return (task, failure) ->
        failure.cause() != null && fatal.stream().anyMatch(t -> t.isInstance(failure.cause()));
  }

  /** Kill at once when {@code test} holds for the failure. */
  static ThresholdPolicy killWhen(Predicate<Failure> test) {
    Require.notNull("test", test);
    return (task, failure) -> test.test(failure);
  }

  /** Kill when this policy or {@code other} says so. */
  default ThresholdPolicy or(ThresholdPolicy other) {
    Require.notNull("other", other);
    return (task, failure) -> killsAtOnce(task, failure) || other.killsAtOnce(task, failure);
  }
}
