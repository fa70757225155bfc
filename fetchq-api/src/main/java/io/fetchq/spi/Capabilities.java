package io.fetchq.spi;

/**
 * What a backend offers beyond the contract; the conformance suite branches on these flags instead
 * of skipping tests.
 *
 * @param notifications whether {@link Storage#notifications()} offers wake-ups between processes
 */
public record Capabilities(boolean notifications) {}
