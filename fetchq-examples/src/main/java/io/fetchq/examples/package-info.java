/**
 * Runnable programs that show Fetchq's promises, each a {@code main} with a test that runs it
 * against real PostgreSQL: the hero crawler ({@link io.fetchq.examples.heroes.HeroDemo}), FIFO,
 * planned work, priorities, payload versions, a handler with its own transaction and services, and
 * orders pushed and confirmed inside the application's transactions with typed payloads.
 */
package io.fetchq.examples;
