package io.fetchq;

import java.time.Instant;

/**
 * A queue as stored, read by every client alike.
 *
 * @param name its name
 * @param options its settings
 * @param paused whether workers of every client are kept from picking its tasks (pushes still land)
 * @param createdAt when it was created
 */
public record QueueInfo(String name, QueueOptions options, boolean paused, Instant createdAt) {}
