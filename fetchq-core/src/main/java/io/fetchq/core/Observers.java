package io.fetchq.core;

import io.fetchq.Task;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observers of one client as one: each is told in turn, and what one throws is logged (once
 * per observer and kind of call) and ignored, so an observer never changes what happens to a task.
 */
final class Observers implements WorkerObserver {
  private static final Logger log = LoggerFactory.getLogger(Observers.class);
  static final Observers NONE = new Observers(List.of());

  private final List<WorkerObserver> observers;
  private final boolean empty;

  Observers(List<WorkerObserver> observers) {
    this.observers = List.copyOf(observers);
    this.empty = this.observers.isEmpty();
  }

  /** Whether there is no observer to tell. */
  boolean isEmpty() {
    return empty;
  }

  @Override
  public void attached(Fetchq fetchq) {
    each("attached", o -> o.attached(fetchq));
  }

  @Override
  public void picked(String queue, int asked, int picked, long nanos) {
    if (!empty) {
      each("picked", o -> o.picked(queue, asked, picked, nanos));
    }
  }

  @Override
  public RunScope runStarting(Task task) {
    if (empty) {
      return RunScope.NONE;
    }
    if (observers.size() == 1) {
      return scope(observers.get(0), task);
    }
    RunScope[] scopes = new RunScope[observers.size()];
    for (int i = 0; i < scopes.length; i++) {
      scopes[i] = scope(observers.get(i), task);
    }
    return () -> {
      for (int i = scopes.length - 1; i >= 0; i--) {
        close(scopes[i]);
      }
    };
  }

  @Override
  public void runEnded(RunEnd end) {
    if (!empty) {
      each("runEnded", o -> o.runEnded(end));
    }
  }

  @Override
  public void settled(String queue, int applied, int stale, long nanos) {
    if (!empty) {
      each("settled", o -> o.settled(queue, applied, stale, nanos));
    }
  }

  @Override
  public void settleFailed(String queue, int outcomes, long nanos) {
    if (!empty) {
      each("settleFailed", o -> o.settleFailed(queue, outcomes, nanos));
    }
  }

  private static RunScope scope(WorkerObserver observer, Task task) {
    try {
      RunScope scope = observer.runStarting(task);
      if (scope == null) {
        return RunScope.NONE;
      }
      return () -> close(scope);
    } catch (RuntimeException e) {
      log.warn("observer {} failed in runStarting; ignored", observer, e);
      return RunScope.NONE;
    }
  }

  private static void close(RunScope scope) {
    try {
      scope.close();
    } catch (RuntimeException e) {
      log.warn("an observer's run scope failed to close; ignored", e);
    }
  }

  private void each(String call, java.util.function.Consumer<WorkerObserver> action) {
    for (WorkerObserver observer : observers) {
      try {
        action.accept(observer);
      } catch (RuntimeException e) {
        log.warn("observer {} failed in {}; ignored", observer, call, e);
      }
    }
  }
}
