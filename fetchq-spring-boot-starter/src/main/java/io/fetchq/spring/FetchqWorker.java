package io.fetchq.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@link io.fetchq.Handler} bean the worker of a queue: the starter registers it with the
 * Fetchq client it builds, creates the queue when it is missing (with the options of {@code
 * fetchq.queues.<name>.*}, else {@code fetchq.queue.*}), and runs it once the application context
 * has started. Put it on the handler's class or on the {@code @Bean} method that returns it. A zero
 * (or absent) attribute means the configured default ({@code fetchq.worker.*}).
 *
 * <pre>{@code
 * @Component
 * @FetchqWorker(queue = "heroes", concurrency = 8, batch = 10)
 * class ScrapeHero implements Handler { ... }
 * }</pre>
 *
 * <p>The handler bean is looked up when the context starts the client, not when the client is
 * built, so it may itself depend on the client (to push to another queue).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FetchqWorker {

  /** The queue this handler works; one worker per queue. */
  String queue();

  /** How many tasks run at once; 0 for {@code fetchq.worker.concurrency}. */
  int concurrency() default 0;

  /** The most tasks one pick locks; 0 for {@code fetchq.worker.batch}. */
  int batch() default 0;

  /** The payload version to pick; -1 for the queue's current version. */
  int version() default -1;

  /**
   * How long a picked task is held, such as {@code 30s} or {@code PT1M}; empty for the queue's
   * lock.
   */
  String lock() default "";
}
