package io.fetchq;

import io.fetchq.internal.Require;
import java.time.Duration;
import java.time.Instant;

/**
 * A task to push: a subject and, optionally, a payload, a version, a priority and a due time.
 * Immutable; each {@code with}-style method returns a copy. Every value is checked when set, so a
 * {@code NewTask} that exists is valid. The payload is JSON text ({@link #payload(String)}, stored
 * byte for byte) or one of the user's objects ({@link #payload(Object)}, written to JSON by the
 * client's {@link PayloadCodec} when pushed).
 *
 * <pre>{@code
 * NewTask.of("iron-man").payload("{\"url\":\"/heroes/iron-man\"}").priority(5).in(Duration.ofHours(1))
 * NewTask.of(order.id()).payload(order)
 * }</pre>
 *
 * @param subject the key, unique within the queue: 1 to 2048 bytes in UTF-8, no NUL, well-formed Unicode
 * @param payload a JSON document, {@code null} for none
 * @param version the payload schema version (0 to 32767), {@code null} for the queue's current one
 * @param priority higher is picked first (-32768 to 32767)
 * @param dueAt the absolute due time, or {@code null}; at most one of dueAt and delay is set
 * @param delay the due time relative to the database's clock at push, or {@code null}; when both
 *     are null the task is due at once
 * @param value the payload as one of the user's objects, written to JSON by the client's codec
 *     when pushed, or {@code null}; at most one of payload and value is set
 */
public record NewTask(
    String subject, String payload, Integer version, int priority, Instant dueAt, Duration delay, Object value) {

  public NewTask {
    Require.subject("subject", subject);
    Require.json("payload", payload, true);
    if (version != null) {
      Require.range("version", version, 0, Limits.MAX_VERSION);
    }
    Require.range("priority", priority, Limits.MIN_PRIORITY, Limits.MAX_PRIORITY);
    if (dueAt != null && delay != null) {
      throw new InvalidArgumentException("dueAt", "must not be set together with delay");
    }
    if (dueAt != null) {
      Require.instant("dueAt", dueAt);
    }
    if (delay != null) {
      Require.duration("delay", delay, Duration.ZERO, Limits.MAX_DELAY);
    }
    if (payload != null && value != null) {
      throw new InvalidArgumentException("payload", "must not be set together with value");
    }
  }

  /** A task whose payload, if any, is JSON text. */
  public NewTask(String subject, String payload, Integer version, int priority, Instant dueAt, Duration delay) {
    this(subject, payload, version, priority, dueAt, delay, null);
  }

  /** A task with this subject, no payload, the queue's current version, priority 0, due now. */
  public static NewTask of(String subject) {
    return new NewTask(subject, null, null, 0, null, null);
  }

  /** A copy with this JSON payload ({@code null} for none), stored byte for byte. */
  public NewTask payload(String json) {
    return new NewTask(subject, json, version, priority, dueAt, delay, null);
  }

  /**
   * A copy whose payload is {@code value}, written to JSON by the client's {@link PayloadCodec}
   * when pushed ({@code null} for none). A {@code String} given here as an {@code Object} is a
   * string value, not JSON text.
   */
  public NewTask payload(Object value) {
    return new NewTask(subject, null, version, priority, dueAt, delay, value);
  }

  /** A copy with this payload version. */
  public NewTask version(int version) {
    return new NewTask(subject, payload, version, priority, dueAt, delay, value);
  }

  /** A copy with this priority; higher is picked first. */
  public NewTask priority(int priority) {
    return new NewTask(subject, payload, version, priority, dueAt, delay, value);
  }

  /** A copy due at this instant. */
  public NewTask at(Instant dueAt) {
    return new NewTask(subject, payload, version, priority, Require.notNull("dueAt", dueAt), null, value);
  }

  /** A copy due this long after the push, by the database's clock. */
  public NewTask in(Duration delay) {
    return new NewTask(subject, payload, version, priority, null, Require.notNull("delay", delay), value);
  }

  /** A copy with another subject and everything else kept. */
  public NewTask subject(String subject) {
    return new NewTask(subject, payload, version, priority, dueAt, delay, value);
  }
}
