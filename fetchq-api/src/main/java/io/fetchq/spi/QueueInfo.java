package io.fetchq.spi;

import io.fetchq.QueueOptions;
import java.time.Instant;

/**
 * A queue as stored.
 *
 * @param name its name
 * @param options its settings
 * @param createdAt when it was created
 */
public record QueueInfo(String name, QueueOptions options, Instant createdAt) {}
