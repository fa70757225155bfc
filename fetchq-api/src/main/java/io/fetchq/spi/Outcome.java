package io.fetchq.spi;

import io.fetchq.InvalidArgumentException;
import io.fetchq.Limits;
import io.fetchq.internal.Require;
import java.time.Duration;
import java.time.Instant;

/**
 * How one run of a picked task ends, as the storage applies it. It applies only while {@link
 * #lease()} is current. Made by the static factories.
 *
 * @param lease the run it ends
 * @param kind what happens
 * @param payload the new JSON payload, or null to keep the old one
 * @param at when the task is due again (absolute), or null
 * @param delay when the task is due again (relative to the database's clock at settle), or null
 * @param message why the run failed, for the error log, or null
 * @param details a JSON document with more about the failure, or null
 */
public record Outcome(
    Lease lease, Kind kind, String payload, Instant at, Duration delay, String message, String details) {

  /** What an outcome does to its task. */
  public enum Kind {
    /** COMPLETED; attempts back to 0. */
    COMPLETE,
    /** PLANNED, or PENDING when due at once; attempts back to 0. */
    RESCHEDULE,
    /** Logged; KILLED when the attempts reached the queue's maxAttempts, else due again like a reschedule. */
    REJECT,
    /** KILLED; logged when it carries a message. */
    KILL,
    /** Deleted; the subject is free again. */
    DROP,
    /** PENDING at once, as if never picked: the attempt is given back; not a processed run. */
    RELEASE
  }

  public Outcome {
    Require.notNull("lease", lease);
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
    boolean timed = kind == Kind.RESCHEDULE || kind == Kind.REJECT;
    if (timed && (at == null) == (delay == null)) {
      throw new InvalidArgumentException("at", "a " + kind + " needs exactly one of at and delay");
    }
    if (!timed && (at != null || delay != null)) {
      throw new InvalidArgumentException("at", "only a reschedule or a reject carries a due time");
    }
    if (kind == Kind.REJECT && message == null) {
      throw new InvalidArgumentException("message", "a reject must say why");
    }
    if ((kind == Kind.DROP || kind == Kind.RELEASE) && (payload != null || message != null)) {
      throw new InvalidArgumentException("payload", "a " + kind + " carries no payload or message");
    }
  }

  public static Outcome complete(Lease lease) {
    return new Outcome(lease, Kind.COMPLETE, null, null, null, null, null);
  }

  public static Outcome complete(Lease lease, String payload) {
    return new Outcome(lease, Kind.COMPLETE, Require.notNull("payload", payload), null, null, null, null);
  }

  public static Outcome reschedule(Lease lease, Duration delay) {
    return new Outcome(lease, Kind.RESCHEDULE, null, null, Require.notNull("delay", delay), null, null);
  }

  public static Outcome reschedule(Lease lease, Instant at) {
    return new Outcome(lease, Kind.RESCHEDULE, null, Require.notNull("at", at), null, null, null);
  }

  /** A failed run, due again after {@code retryDelay} unless the threshold kills it. */
  public static Outcome reject(Lease lease, String message, String details, Duration retryDelay) {
    return new Outcome(
        lease, Kind.REJECT, null, null, Require.notNull("retryDelay", retryDelay), Require.notNull("message", message), details);
  }

  public static Outcome kill(Lease lease) {
    return new Outcome(lease, Kind.KILL, null, null, null, null, null);
  }

  public static Outcome kill(Lease lease, String message, String details) {
    return new Outcome(lease, Kind.KILL, null, null, null, Require.notNull("message", message), details);
  }

  public static Outcome drop(Lease lease) {
    return new Outcome(lease, Kind.DROP, null, null, null, null, null);
  }

  public static Outcome release(Lease lease) {
    return new Outcome(lease, Kind.RELEASE, null, null, null, null, null);
  }

  /** A copy that also sets the task's payload. */
  public Outcome withPayload(String json) {
    return new Outcome(lease, kind, Require.notNull("payload", json), at, delay, message, details);
  }
}
