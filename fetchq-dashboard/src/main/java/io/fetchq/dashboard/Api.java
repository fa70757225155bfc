package io.fetchq.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fetchq.CancelResult;
import io.fetchq.InvalidArgumentException;
import io.fetchq.Queue;
import io.fetchq.QueueInfo;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.TaskStatus;
import io.fetchq.core.Fetchq;
import io.fetchq.internal.Require;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's JSON API: what the pages read and the actions they send. Every input is checked
 * by the library's own rules (an {@link InvalidArgumentException} becomes a 400 naming the field);
 * counts come from the queue's counters and lists are pages of an index, so a request costs the
 * same on a queue of any size.
 */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Entries of a task's error history or of the queue's error log shown at most. */
  static final int MAX_ERRORS = 200;

  private final Fetchq fetchq;
  private final Sampler sampler;
  private final boolean actions;

  Api(Fetchq fetchq, Sampler sampler, boolean actions) {
    this.fetchq = fetchq;
    this.sampler = sampler;
    this.actions = actions;
  }

  boolean actionsEnabled() {
    return actions;
  }

  /** Answers GET {@code api/<name>}. */
  JsonNode get(String name, Map<String, String> params) {
    return switch (name) {
      case "overview" -> overview();
      case "queue" -> queue(params);
      case "tasks" -> tasks(params);
      case "errors" -> errors(params);
      case "task" -> task(params);
      default -> throw new HttpError(404, "no such API: " + name);
    };
  }

  /** Whether {@code api/<name>} is an action, answered to POST only. */
  static boolean isAction(String name) {
    return switch (name) {
      case "pause", "resume", "retry-killed", "retry", "run-now", "cancel" -> true;
      default -> false;
    };
  }

  /** Runs the action {@code api/<name>} with {@code body}'s fields. */
  JsonNode post(String name, JsonNode body) {
    String queueName = text(body, "queue");
    QueueInfo info = info(queueName);
    Queue queue = fetchq.queue(info.name());
    ObjectNode result = JSON.createObjectNode().put("queue", info.name());
    switch (name) {
      case "pause" -> {
        fetchq.pause(info.name());
        result.put("paused", true);
      }
      case "resume" -> {
        fetchq.resume(info.name());
        result.put("paused", false);
      }
      case "retry-killed" -> result.put("retried", queue.retryKilled());
      case "retry" -> result.put("retried", queue.retry(List.of(subject(body))).size());
      case "run-now" -> result.put("moved", queue.runNow(List.of(subject(body))).size());
      case "cancel" -> {
        String subject = subject(body);
        JsonNode drop = body.get("drop");
        if (drop != null && !drop.isBoolean()) {
          throw new InvalidArgumentException("drop", "must be true or false");
        }
        CancelResult cancelled = queue.cancel(List.of(subject), text(body, "reason"), drop != null && drop.asBoolean());
        result.put("killed", cancelled.killed().size())
            .put("dropped", cancelled.dropped().size())
            .put("marked", cancelled.marked().size());
      }
      default -> throw new HttpError(404, "no such action: " + name);
    }
    return result;
  }

  private JsonNode overview() {
    ObjectNode root = JSON.createObjectNode();
    root.put("now", Instant.now().toString());
    root.put("actions", actions);
    root.put("sampleSeconds", sampler.interval().toMillis() / 1000.0);
    ArrayNode queues = root.putArray("queues");
    for (QueueInfo info : fetchq.queues()) {
      Queue queue = fetchq.queue(info.name());
      ObjectNode node = queues.addObject();
      node.put("name", info.name());
      node.put("paused", info.paused());
      stats(node, queue.stats());
      Long age = oldestDueAge(queue);
      if (age == null) {
        node.putNull("oldestDueSeconds");
      } else {
        node.put("oldestDueSeconds", age);
      }
      series(node, sampler.samples(info.name()));
    }
    return root;
  }

  /** Seconds since the oldest due task should have run: the next PENDING in pick order, or a PLANNED past due. */
  private static Long oldestDueAge(Queue queue) {
    Instant now = Instant.now();
    Instant oldest = null;
    for (TaskStatus status : new TaskStatus[] {TaskStatus.PENDING, TaskStatus.PLANNED}) {
      List<Task> first = queue.tasks(TaskFilter.status(status).limit(1)).tasks();
      if (!first.isEmpty() && first.get(0).nextIteration() != null) {
        Instant due = first.get(0).nextIteration();
        if (!due.isAfter(now) && (oldest == null || due.isBefore(oldest))) {
          oldest = due;
        }
      }
    }
    return oldest == null ? null : Math.max(0, now.getEpochSecond() - oldest.getEpochSecond());
  }

  /** Per-second rates between consecutive samples, oldest first, and the newest rate. */
  private static void series(ObjectNode node, List<Sampler.Sample> samples) {
    ArrayNode processed = node.putArray("processedSeries");
    ArrayNode errors = node.putArray("errorsSeries");
    for (int i = 1; i < samples.size(); i++) {
      Sampler.Sample a = samples.get(i - 1);
      Sampler.Sample b = samples.get(i);
      double seconds = Math.max(0.001, (b.at() - a.at()) / 1000.0);
      processed.add(round(Math.max(0, b.processed() - a.processed()) / seconds));
      errors.add(round(Math.max(0, b.errors() - a.errors()) / seconds));
    }
    node.put("processedPerSecond", processed.isEmpty() ? 0 : processed.get(processed.size() - 1).asDouble());
    node.put("errorsPerSecond", errors.isEmpty() ? 0 : errors.get(errors.size() - 1).asDouble());
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static void stats(ObjectNode node, QueueStats stats) {
    ObjectNode counts = node.putObject("counts");
    for (TaskStatus status : TaskStatus.values()) {
      counts.put(status.name(), stats.count(status));
    }
    node.putObject("counters")
        .put("pushed", stats.pushed())
        .put("picked", stats.picked())
        .put("processed", stats.processed())
        .put("rescheduled", stats.rescheduled())
        .put("rejected", stats.rejected())
        .put("orphaned", stats.orphaned())
        .put("errors", stats.errors());
  }

  private JsonNode queue(Map<String, String> params) {
    QueueInfo info = info(params.get("queue"));
    Queue queue = fetchq.queue(info.name());
    ObjectNode node = JSON.createObjectNode();
    node.put("name", info.name());
    node.put("paused", info.paused());
    node.put("actions", actions);
    node.put("createdAt", text(info.createdAt()));
    QueueOptions options = info.options();
    node.putObject("options")
        .put("maxAttempts", options.maxAttempts())
        .put("lock", options.lock().toString())
        .put("errorRetention", options.errorRetention().toString())
        .put("currentVersion", options.currentVersion())
        .put("notifications", options.notifications())
        .put("finishedRetention", options.finishedRetention().toString())
        .put("maxActive", options.maxActive());
    stats(node, queue.stats());
    return node;
  }

  private JsonNode tasks(Map<String, String> params) {
    QueueInfo info = info(params.get("queue"));
    TaskFilter filter = TaskFilter.all().limit(integer(params, "limit", 50));
    String status = params.get("status");
    if (status != null && !status.isEmpty() && !status.equals("ALL")) {
      filter = filter.withStatus(status(status));
    }
    String prefix = params.get("prefix");
    if (prefix != null && !prefix.isEmpty()) {
      filter = filter.subjectPrefix(prefix);
    }
    String after = params.get("after");
    if (after != null && !after.isEmpty()) {
      filter = filter.after(after);
    }
    String order = params.getOrDefault("order", "oldest");
    filter = switch (order) {
      case "oldest" -> filter.oldestFirst();
      case "newest" -> filter.newestFirst();
      default -> throw new InvalidArgumentException("order", "must be oldest or newest");
    };
    TaskPage page = fetchq.queue(info.name()).tasks(filter);
    ObjectNode node = JSON.createObjectNode();
    node.put("queue", info.name());
    ArrayNode tasks = node.putArray("tasks");
    page.tasks().forEach(task -> task(tasks.addObject(), task));
    node.put("next", page.next());
    return node;
  }

  private JsonNode errors(Map<String, String> params) {
    QueueInfo info = info(params.get("queue"));
    int limit = integer(params, "limit", 50);
    Require.range("limit", limit, 1, MAX_ERRORS);
    ObjectNode node = JSON.createObjectNode();
    node.put("queue", info.name());
    errors(node.putArray("errors"), fetchq.queue(info.name()).errors(limit));
    return node;
  }

  private JsonNode task(Map<String, String> params) {
    QueueInfo info = info(params.get("queue"));
    String subject = Require.subject("subject", params.get("subject"));
    Queue queue = fetchq.queue(info.name());
    Optional<Task> task = queue.get(subject);
    List<TaskError> history = queue.errors(subject, MAX_ERRORS);
    if (task.isEmpty() && history.isEmpty()) {
      throw new HttpError(404, "no task " + subject + " in queue " + info.name());
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("actions", actions);
    if (task.isPresent()) {
      task(node.putObject("task"), task.get());
    } else {
      node.putNull("task");
    }
    errors(node.putArray("errors"), history);
    return node;
  }

  private static void task(ObjectNode node, Task task) {
    node.put("queue", task.queue())
        .put("subject", task.subject())
        .put("status", task.status().name())
        .put("payload", task.payload())
        .put("version", task.version())
        .put("priority", task.priority())
        .put("attempts", task.attempts())
        .put("iterations", task.iterations())
        .put("createdAt", text(task.createdAt()))
        .put("lastIteration", text(task.lastIteration()))
        .put("nextIteration", text(task.nextIteration()))
        .put("cancelled", task.isCancelled());
  }

  private static void errors(ArrayNode array, List<TaskError> errors) {
    for (TaskError error : errors) {
      array.addObject()
          .put("id", error.id())
          .put("subject", error.subject())
          .put("attempt", error.attempt())
          .put("message", error.message())
          .put("details", error.details())
          .put("createdAt", text(error.createdAt()));
    }
  }

  /** The stored queue {@code name}; 404 when there is none, 400 when the name breaks the rules. */
  private QueueInfo info(String name) {
    Require.queueName("queue", name);
    return fetchq.queues().stream()
        .filter(q -> q.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new HttpError(404, "no queue " + name));
  }

  private static String subject(JsonNode body) {
    return Require.subject("subject", text(body, "subject"));
  }

  private static TaskStatus status(String text) {
    try {
      return TaskStatus.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("status", "must be one of " + Arrays.toString(TaskStatus.values()) + " or ALL");
    }
  }

  private static int integer(Map<String, String> params, String field, int fallback) {
    String value = params.get(field);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(field, "must be a whole number");
    }
  }

  /** The text field {@code field} of a request body, or null when absent; 400 when not text. */
  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidArgumentException(field, "must be text");
    }
    return value.asText();
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
