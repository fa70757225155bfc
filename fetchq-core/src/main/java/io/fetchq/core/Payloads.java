package io.fetchq.core;

import io.fetchq.Action;
import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.PayloadCodec;
import io.fetchq.Task;
import io.fetchq.UnreadablePayloadException;
import io.fetchq.internal.Require;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * The client's {@link PayloadCodec}, if it has one: writes the object payloads of new tasks and
 * actions to JSON before the storage sees them (JSON text passes untouched), and reads a task's
 * payload as the user's type. A payload the codec cannot write is refused as bad input naming the
 * field {@code payload}, before anything reaches the database.
 */
final class Payloads {
  /** No codec: JSON text only; an object payload is refused with a message saying how to add one. */
  static final Payloads NONE = new Payloads(null);

  private final PayloadCodec codec;

  private Payloads(PayloadCodec codec) {
    this.codec = codec;
  }

  /** Over {@code codec}. */
  static Payloads of(PayloadCodec codec) {
    return new Payloads(Require.notNull("payloadCodec", codec));
  }

  /** The first codec on the class path ({@link ServiceLoader}), or none. */
  static Payloads discovered() {
    Iterator<PayloadCodec> found = ServiceLoader.load(PayloadCodec.class).iterator();
    return found.hasNext() ? new Payloads(found.next()) : NONE;
  }

  /** {@code task} with its object payload written to JSON. */
  NewTask write(NewTask task) {
    if (task == null || task.value() == null) {
      return task;
    }
    return task.payload(json(task.value()));
  }

  /** {@code action} with its object payload written to JSON. */
  Action write(Action action) {
    if (action == null || action.value() == null) {
      return action;
    }
    return action.withPayload(json(action.value()));
  }

  /** {@code task}'s payload read as {@code type}; null when it has none. */
  <T> T read(Task task, Class<T> type) {
    Require.notNull("type", type);
    if (task.payload() == null) {
      return null;
    }
    if (codec == null) {
      throw new UnreadablePayloadException("the payload of task \"" + task.subject() + "\" in queue " + task.queue()
          + " cannot be read as " + type.getName() + ": " + missing(), null);
    }
    try {
      return codec.read(task.payload(), type);
    } catch (RuntimeException e) {
      throw new UnreadablePayloadException("the payload of task \"" + task.subject() + "\" in queue " + task.queue()
          + " (version " + task.version() + ") cannot be read as " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  private String json(Object value) {
    if (codec == null) {
      throw new InvalidArgumentException("payload", "is a " + value.getClass().getName() + ", and " + missing());
    }
    String json;
    try {
      json = codec.write(value);
    } catch (RuntimeException e) {
      throw new InvalidArgumentException("payload",
          "cannot be written as JSON from a " + value.getClass().getName() + ": " + e.getMessage());
    }
    if (json == null) {
      throw new InvalidArgumentException("payload", "was written as null by " + codec.getClass().getName());
    }
    return json;
  }

  private static String missing() {
    return "this client has no PayloadCodec: add fetchq-jackson to the class path, or give one to"
        + " Fetchq.builder().payloadCodec(...)";
  }
}
