package io.fetchq.spring;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.Task;
import io.fetchq.TaskContext;
import io.fetchq.core.Fetchq;
import io.fetchq.core.WorkerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.convert.DurationStyle;

/**
 * The {@link FetchqWorker} beans of a context, registered on a builder by name: each handler bean is
 * looked up when the client starts ({@link #resolve()}), not when it is built, so handlers may
 * depend on the client.
 */
final class WorkerBeans {
  private final List<LazyHandler> handlers = new ArrayList<>();

  /** Registers on {@code builder} a worker for each bean annotated {@link FetchqWorker}. */
  void register(ListableBeanFactory beans, Fetchq.Builder builder) {
    for (String name : beans.getBeanNamesForAnnotation(FetchqWorker.class)) {
      FetchqWorker worker = beans.findAnnotationOnBean(name, FetchqWorker.class);
      if (worker == null) {
        continue;
      }
      if (!beans.isTypeMatch(name, Handler.class)) {
        throw new BeanCreationException(name, "annotated @FetchqWorker(queue = \"" + worker.queue()
            + "\") but is not an io.fetchq.Handler (it is " + beans.getType(name) + ")");
      }
      LazyHandler handler = new LazyHandler(beans, name);
      handlers.add(handler);
      try {
        builder.worker(worker.queue(), handler, options(worker));
      } catch (RuntimeException e) {
        throw new BeanCreationException(name, "@FetchqWorker(queue = \"" + worker.queue() + "\"): " + e.getMessage(), e);
      }
    }
  }

  private static UnaryOperator<WorkerOptions> options(FetchqWorker worker) {
    return options -> {
      WorkerOptions chosen = options;
      if (worker.concurrency() != 0) {
        chosen = chosen.concurrency(worker.concurrency());
      }
      if (worker.batch() != 0) {
        chosen = chosen.batch(worker.batch());
      }
      if (worker.version() >= 0) {
        chosen = chosen.version(worker.version());
      }
      if (!worker.lock().isBlank()) {
        chosen = chosen.lock(DurationStyle.detectAndParse(worker.lock().strip()));
      }
      return chosen;
    };
  }

  /** Looks up every handler bean now, so that a broken one fails the start rather than a run. */
  void resolve() {
    handlers.forEach(LazyHandler::target);
  }

  /** A handler that is the bean of that name, looked up once. */
  private static final class LazyHandler implements Handler {
    private final ListableBeanFactory beans;
    private final String name;
    private volatile Handler target;

    LazyHandler(ListableBeanFactory beans, String name) {
      this.beans = beans;
      this.name = name;
    }

    Handler target() {
      Handler current = target;
      if (current == null) {
        current = beans.getBean(name, Handler.class);
        target = current;
      }
      return current;
    }

    @Override
    public Action handle(Task task, TaskContext context) throws Exception {
      return target().handle(task, context);
    }

    @Override
    public String toString() {
      return "handler bean " + name;
    }
  }
}
