package io.fetchq.spi;

/**
 * What a backend offers beyond the contract; the conformance suite branches on these flags instead
 * of skipping tests.
 *
 * @param notifications whether {@link Storage#notifications()} offers wake-ups between processes
 * @param transactions whether {@link Storage#on(java.sql.Connection)} runs task operations in a
 *     caller's transaction
 */
public record Capabilities(boolean notifications, boolean transactions) {}
