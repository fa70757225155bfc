package io.fetchq;

import io.fetchq.internal.Require;
import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link Handler} decides should happen to its task once the run ends. Immutable; made by
 * the static factories, and {@link #withPayload(String)} (JSON text) or {@link
 * #withPayload(Object)} (one of the user's objects) adds a new payload where that makes sense.
 *
 * @param kind what happens
 * @param payload the task's new JSON payload, or {@code null} to keep the old one
 * @param at when a rescheduled task is due again (absolute), or {@code null}
 * @param delay when a rescheduled task is due again (relative to the end of the run), or {@code
 *     null}
 * @param message why a run was rejected or killed (written to the error log), or {@code null}
 * @param details a JSON document with more about the failure, or {@code null}
 * @param value the task's new payload as one of the user's objects, written to JSON by the
 *     client's {@link PayloadCodec} when applied, or {@code null}; at most one of payload and value
 */
public record Action(
    Kind kind, String payload, Instant at, Duration delay, String message, String details, Object value) {

  /** What an {@link Action} does to its task. */
  public enum Kind {
    /** The task is done: {@link TaskStatus#COMPLETED}. */
    COMPLETE,
    /** The task runs again later; its attempts go back to zero. */
    RESCHEDULE,
    /** The run failed: logged, counted, retried by the queue's retry policy or killed past the threshold. */
    REJECT,
    /** The task is {@link TaskStatus#KILLED} now and never tried again. */
    KILL,
    /** The task is deleted; its subject is free to be pushed again. */
    DROP
  }

  public Action {
    Require.notNull("kind", kind);
    Require.json("payload", payload, true);
    Require.json("details", details, true);
    if (message != null) {
      Require.text("message", message, Limits.MAX_MESSAGE_LENGTH);
    }
    if (at != null) {
      Require.instant("at", at);
    }
    if (delay != null) {
      Require.duration("delay", delay, Duration.ZERO, Limits.MAX_DELAY);
    }
    if (kind == Kind.RESCHEDULE && (at == null) == (delay == null)) {
      throw new InvalidArgumentException("at", "a reschedule needs exactly one of at and delay");
    }
    if (kind != Kind.RESCHEDULE && (at != null || delay != null)) {
      throw new InvalidArgumentException("at", "only a reschedule carries a due time");
    }
    if (kind == Kind.REJECT && message == null) {
      throw new InvalidArgumentException("message", "a reject must say why");
    }
    if (kind == Kind.DROP && (payload != null || value != null)) {
      throw new InvalidArgumentException("payload", "a dropped task keeps no payload");
    }
    if (payload != null && value != null) {
      throw new InvalidArgumentException("payload", "must not be set together with value");
    }
  }

  /** An action whose new payload, if any, is JSON text. */
  public Action(Kind kind, String payload, Instant at, Duration delay, String message, String details) {
    this(kind, payload, at, delay, message, details, null);
  }

  /** The task is done. */
  public static Action complete() {
    return new Action(Kind.COMPLETE, null, null, null, null, null);
  }

  /** The task runs again after {@code delay}, counted from the end of this run. */
  public static Action reschedule(Duration delay) {
    return new Action(Kind.RESCHEDULE, null, null, Require.notNull("delay", delay), null, null);
  }

  /** The task runs again at {@code at}. */
  public static Action reschedule(Instant at) {
    return new Action(Kind.RESCHEDULE, null, Require.notNull("at", at), null, null, null);
  }

  /** The run failed for this reason; it counts toward the failure threshold. */
  public static Action reject(String message) {
    return new Action(Kind.REJECT, null, null, null, Require.notNull("message", message), null);
  }

  /** The run failed; {@code details} is a JSON document written to the error log with the message. */
  public static Action reject(String message, String details) {
    return new Action(Kind.REJECT, null, null, null, Require.notNull("message", message), details);
  }

  /** The task is killed now, whatever its attempts. */
  public static Action kill() {
    return new Action(Kind.KILL, null, null, null, null, null);
  }

  /** The task is killed now, and {@code message} is written to the error log. */
  public static Action kill(String message) {
    return new Action(Kind.KILL, null, null, null, Require.notNull("message", message), null);
  }

  /** The task is deleted and its subject freed. */
  public static Action drop() {
    return new Action(Kind.DROP, null, null, null, null, null);
  }

  /** A copy that also replaces the task's payload with {@code json}, stored byte for byte. */
  public Action withPayload(String json) {
    return new Action(kind, Require.notNull("payload", json), at, delay, message, details, null);
  }

  /**
   * A copy that also replaces the task's payload with {@code value}, written to JSON by the
   * client's {@link PayloadCodec}.
   */
  public Action withPayload(Object value) {
    return new Action(kind, null, at, delay, message, details, Require.notNull("payload", value));
  }
}
