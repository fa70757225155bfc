package io.fetchq;

/**
 * A failed run as the policies see it.
 *
 * @param message why it failed
 * @param details a JSON document with more, or {@code null}
 * @param cause the exception the handler threw, or {@code null} when it returned a reject
 */
public record Failure(String message, String details, Throwable cause) {}
