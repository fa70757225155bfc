package io.fetchq.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fetchq.QueueInfo;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskError;
import java.time.Instant;
import java.util.Collection;

/**
 * The JSON documents of the library's types, with field names written out here rather than derived
 * from the classes, so that scripts can rely on them: times are ISO-8601 instants in UTC,
 * durations ISO-8601 durations ({@code PT5M}), payloads and error details embedded as JSON.
 */
final class Documents {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper READER = new ObjectMapper();

  private Documents() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static ArrayNode strings(Collection<String> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }

  static ObjectNode options(QueueOptions options) {
    ObjectNode node = object();
    node.put("maxAttempts", options.maxAttempts());
    node.put("maxActive", options.maxActive());
    node.put("lock", options.lock().toString());
    node.put("errorRetention", options.errorRetention().toString());
    node.put("finishedRetention", options.finishedRetention().toString());
    node.put("currentVersion", options.currentVersion());
    node.put("notifications", options.notifications());
    return node;
  }

  /** A queue as listed by {@code fetchq queues}: what is stored with it and its counts by status. */
  static ObjectNode queue(QueueInfo info, QueueStats stats) {
    ObjectNode node = object();
    node.put("name", info.name());
    node.put("paused", info.paused());
    node.put("createdAt", instant(info.createdAt()));
    node.set("options", options(info.options()));
    ObjectNode counts = node.putObject("counts");
    counts.put("planned", stats.planned());
    counts.put("pending", stats.pending());
    counts.put("active", stats.active());
    counts.put("completed", stats.completed());
    counts.put("killed", stats.killed());
    counts.put("total", stats.total());
    return node;
  }

  /** Every counter of a queue, at the time it was read. */
  static ObjectNode stats(QueueStats stats, Instant at) {
    ObjectNode node = object();
    node.put("queue", stats.queue());
    node.put("at", instant(at));
    node.put("planned", stats.planned());
    node.put("pending", stats.pending());
    node.put("active", stats.active());
    node.put("completed", stats.completed());
    node.put("killed", stats.killed());
    node.put("total", stats.total());
    node.put("pushed", stats.pushed());
    node.put("picked", stats.picked());
    node.put("processed", stats.processed());
    node.put("rescheduled", stats.rescheduled());
    node.put("rejected", stats.rejected());
    node.put("orphaned", stats.orphaned());
    node.put("errors", stats.errors());
    return node;
  }

  static ObjectNode task(Task task) {
    ObjectNode node = object();
    node.put("subject", task.subject());
    node.put("status", task.status().name());
    node.put("attempts", task.attempts());
    node.put("iterations", task.iterations());
    node.put("priority", task.priority());
    node.put("version", task.version());
    node.put("createdAt", instant(task.createdAt()));
    node.put("lastIteration", instant(task.lastIteration()));
    node.put("nextIteration", instant(task.nextIteration()));
    node.put("cancelled", task.isCancelled());
    node.set("payload", json(task.payload()));
    return node;
  }

  static ObjectNode error(TaskError error) {
    ObjectNode node = object();
    node.put("id", error.id());
    node.put("subject", error.subject());
    node.put("attempt", error.attempt());
    node.put("message", error.message());
    node.put("createdAt", instant(error.createdAt()));
    node.set("details", json(error.details()));
    return node;
  }

  private static String instant(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** A stored JSON text as a tree; JSON null when there is none, the text itself if it does not parse. */
  private static JsonNode json(String text) {
    if (text == null) {
      return NODES.nullNode();
    }
    try {
      return READER.readTree(text);
    } catch (JsonProcessingException e) {
      return NODES.textNode(text);
    }
  }
}
