package io.fetchq.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.tck.TestDatabase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Spans around real runs on a real database, exported to memory. */
class FetchqTracingTest {
  private static final String SCHEMA = TestDatabase.newSchemaName("tracing");

  @AfterAll
  static void dropSchema() {
    TestDatabase.dropSchema(SCHEMA);
  }

  @Test
  void eachRunIsAConsumerSpanLinkedToThePushAndParentOfTheHandlersSpans() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build();
    Tracer app = otel.getTracer("app");
    Handler handler = (task, ctx) -> {
      app.spanBuilder("scrape " + task.subject()).startSpan().end();
      if (task.subject().equals("bad")) {
        throw new IllegalStateException("no such hero");
      }
      return Action.complete();
    };
    TestDatabase.Info db = TestDatabase.get();
    FetchqConfig config = FetchqConfig.defaults().withSchema(SCHEMA).withDatabase(db.jdbcUrl(), db.user(), db.password());
    try (Fetchq fetchq = Fetchq.builder().config(config).queue("heroes", q -> q.maxAttempts(1))
            .worker("heroes", handler, w -> w.concurrency(1).batch(1))
            .observe(FetchqTracing.of(otel))
            .build()) {
      fetchq.start();
      Span request = app.spanBuilder("POST /heroes").startSpan();
      SpanContext pushedBy = request.getSpanContext();
      try (Scope ignored = request.makeCurrent()) {
        String traceparent = FetchqTracing.traceparent().orElseThrow();
        fetchq.queue("heroes").push(NewTask.of("thor").payload("{\"name\":\"Thor\",\"traceparent\":\"" + traceparent + "\"}"));
      } finally {
        request.end();
      }
      fetchq.queue("heroes").push(NewTask.of("bad"));
      await().atMost(Duration.ofSeconds(20)).until(() -> runs(exporter).size() == 2);
    }

    SpanData thor = run(exporter, "thor");
    assertThat(thor.getName()).isEqualTo("heroes process");
    assertThat(thor.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(thor.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("fetchq");
    assertThat(thor.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo("heroes");
    assertThat(thor.getAttributes().get(AttributeKey.longKey("fetchq.attempt"))).isEqualTo(1);
    assertThat(thor.getAttributes().get(AttributeKey.stringKey("fetchq.outcome"))).isEqualTo("complete");
    assertThat(thor.getLinks()).extracting(l -> l.getSpanContext().getSpanId())
        .containsExactly(exporter.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("POST /heroes")).findFirst().orElseThrow().getSpanId());
    assertThat(thor.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    SpanData scrape = exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("scrape thor")).findFirst().orElseThrow();
    assertThat(scrape.getParentSpanId()).as("the handler's span is a child of the run").isEqualTo(thor.getSpanId());
    assertThat(scrape.getTraceId()).isEqualTo(thor.getTraceId());

    SpanData bad = run(exporter, "bad");
    assertThat(bad.getLinks()).isEmpty();
    assertThat(bad.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(bad.getAttributes().get(AttributeKey.stringKey("fetchq.outcome"))).isEqualTo("reject");
  }

  @Test
  void aMalformedTraceparentIsIgnored() {
    assertThat(FetchqTracing.pushedBy(null)).isNull();
    assertThat(FetchqTracing.pushedBy("{\"traceparent\":\"nonsense\"}")).isNull();
    assertThat(FetchqTracing.pushedBy("{\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-zz\"}")).isNull();
    assertThat(FetchqTracing.pushedBy("{\"traceparent\":\"00-00000000000000000000000000000000-b7ad6b7169203331-01\"}")).isNull();
    SpanContext ok = FetchqTracing.pushedBy("{\"a\":1, \"traceparent\": \"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}");
    assertThat(ok.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(ok.getSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(ok.isSampled()).isTrue();
  }

  private static List<SpanData> runs(InMemorySpanExporter exporter) {
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("heroes process")).toList();
  }

  private static SpanData run(InMemorySpanExporter exporter, String subject) {
    return runs(exporter).stream()
        .filter(s -> subject.equals(s.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))))
        .findFirst().orElseThrow();
  }
}
