package io.fetchq.spring;

import io.fetchq.core.Fetchq;

/**
 * A bean that adjusts the {@link Fetchq.Builder} before the starter builds the client: queues with
 * retry or threshold policies in code, services for handlers, observers, resilience. Called in
 * {@link org.springframework.core.annotation.Order} order, after the starter has applied the
 * configuration, the data source, the codec, the queues of {@code fetchq.queues.*} and the
 * {@link FetchqWorker} beans.
 */
@FunctionalInterface
public interface FetchqBuilderCustomizer {

  /** Changes the builder; the starter calls {@code build()} afterwards. */
  void customize(Fetchq.Builder builder);
}
