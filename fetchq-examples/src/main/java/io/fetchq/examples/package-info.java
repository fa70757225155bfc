/**
 * Runnable programs that show Fetchq's promises, each a {@code main} with a test that runs it
 * against real PostgreSQL: the hero crawler ({@link io.fetchq.examples.heroes.HeroDemo}), FIFO,
 * planned work, priorities, payload versions, and a handler with its own transaction and services.
 */
package io.fetchq.examples;
