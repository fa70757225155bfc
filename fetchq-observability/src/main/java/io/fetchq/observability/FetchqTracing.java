package io.fetchq.observability;

import io.fetchq.Task;
import io.fetchq.core.RunEnd;
import io.fetchq.core.RunScope;
import io.fetchq.core.WorkerObserver;
import io.fetchq.internal.Require;
import io.fetchq.spi.Outcome;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Locale;
import java.util.Optional;

/**
 * OpenTelemetry spans around each run of a handler: register it with {@link
 * io.fetchq.core.Fetchq.Builder#observe}. Each run is a CONSUMER span named {@code "<queue>
 * process"} with the messaging attributes (system {@code fetchq}, destination the queue, message
 * id the subject) and {@code fetchq.attempt}, {@code fetchq.lease}, {@code fetchq.outcome}; it is
 * current while the handler runs, so the handler's own spans are its children, and its status is
 * ERROR when the handler threw.
 *
 * <p>The trace that pushed a task: put {@link #traceparent()} in the task's payload as a top-level
 * string field {@value #PAYLOAD_FIELD} when pushing, and the run's span links to the span that
 * pushed it. Fetchq keeps no header column for it: a column would cost every push and pick of
 * every user bytes and a schema change, while a payload field costs only those who trace, and one
 * search of the payload per run here.
 */
public final class FetchqTracing implements WorkerObserver {
  /** The payload field that carries the pushing span's W3C {@code traceparent}. */
  public static final String PAYLOAD_FIELD = "traceparent";

  private static final String INSTRUMENTATION = "io.fetchq";
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
  private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("fetchq.attempt");
  private static final AttributeKey<Long> LEASE = AttributeKey.longKey("fetchq.lease");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("fetchq.outcome");
  private static final String FIELD_START = "\"" + PAYLOAD_FIELD + "\"";

  private final Tracer tracer;
  /** The span of the run on this handler thread, from its start to its end. */
  private final ThreadLocal<Span> current = new ThreadLocal<>();

  private FetchqTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Spans made by {@code openTelemetry}'s tracer provider. */
  public static FetchqTracing of(OpenTelemetry openTelemetry) {
    return new FetchqTracing(Require.notNull("openTelemetry", openTelemetry).getTracer(INSTRUMENTATION));
  }

  /**
   * The current span's context as a W3C {@code traceparent} value, to put in a task's payload as
   * {@value #PAYLOAD_FIELD}; empty when no span is current.
   */
  public static Optional<String> traceparent() {
    SpanContext context = Span.current().getSpanContext();
    if (!context.isValid()) {
      return Optional.empty();
    }
    return Optional.of("00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
        + context.getTraceFlags().asHex());
  }

  @Override
  public RunScope runStarting(Task task) {
    SpanBuilder builder = tracer.spanBuilder(task.queue() + " process")
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute(SYSTEM, "fetchq")
        .setAttribute(OPERATION, "process")
        .setAttribute(DESTINATION, task.queue())
        .setAttribute(MESSAGE_ID, task.subject())
        .setAttribute(ATTEMPT, (long) task.attempts())
        .setAttribute(LEASE, task.lease());
    SpanContext pushedBy = pushedBy(task.payload());
    if (pushedBy != null) {
      builder.addLink(pushedBy);
    }
    Span span = builder.startSpan();
    current.set(span);
    Scope scope = span.makeCurrent();
    return scope::close;
  }

  @Override
  public void runEnded(RunEnd end) {
    Span span = current.get();
    if (span == null) {
      return;
    }
    current.remove();
    Outcome.Kind outcome = end.outcome();
    if (outcome != null) {
      span.setAttribute(OUTCOME, outcome.name().toLowerCase(Locale.ROOT));
    }
    if (end.failed()) {
      span.setStatus(StatusCode.ERROR, "the handler failed");
    }
    span.end();
  }

  /** The span context in the payload's {@value #PAYLOAD_FIELD} field, or null when none is valid. */
  static SpanContext pushedBy(String payload) {
    if (payload == null) {
      return null;
    }
    int field = payload.indexOf(FIELD_START);
    if (field < 0) {
      return null;
    }
    int colon = payload.indexOf(':', field + FIELD_START.length());
    int open = colon < 0 ? -1 : payload.indexOf('"', colon + 1);
    // "00-" + 32 hex + "-" + 16 hex + "-" + 2 hex
    if (open < 0 || open + 56 > payload.length() || payload.charAt(open + 56) != '"') {
      return null;
    }
    String value = payload.substring(open + 1, open + 56);
    if (!value.startsWith("00-") || value.charAt(35) != '-' || value.charAt(52) != '-') {
      return null;
    }
    String flags = value.substring(53, 55);
    if (!isHex(flags)) {
      return null;
    }
    SpanContext context = SpanContext.createFromRemoteParent(value.substring(3, 35), value.substring(36, 52),
        TraceFlags.fromHex(flags, 0), TraceState.getDefault());
    return context.isValid() ? context : null;
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
