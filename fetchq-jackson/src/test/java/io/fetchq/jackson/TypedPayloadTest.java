package io.fetchq.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import io.fetchq.UnreadablePayloadException;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.tck.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Typed payloads end to end on a real PostgreSQL, with the codec the client finds on the class
 * path: an object pushed is the object a typed handler receives, a rescheduled object is stored,
 * JSON text stays byte for byte, a payload the type cannot read kills its task with the codec's
 * message and the worker goes on, each worker reads the version it picks, and an object the codec
 * cannot write is refused before anything is stored.
 */
class TypedPayloadTest {
  record Order(String id, BigDecimal total, Instant placedAt) {}

  record Progress(int step, List<String> done) {}

  record CustomerV1(String name) {}

  record CustomerV2(String givenName, String familyName) {}

  private static final String SCHEMA = TestDatabase.newSchemaName("typed_payload");

  @AfterAll
  static void dropSchema() {
    TestDatabase.dropSchema(SCHEMA);
  }

  private static FetchqConfig config() {
    TestDatabase.Info db = TestDatabase.get();
    return FetchqConfig.defaults()
        .withDatabase(db.jdbcUrl(), db.user(), db.password())
        .withSchema(SCHEMA)
        .with("fetchq.worker.idle.max", "200ms")
        .with("fetchq.shutdown.grace", "5s");
  }

  @Test
  void anObjectPushedIsTheObjectTheTypedHandlerReceivesAndAnObjectRescheduledIsStored() {
    Order order = new Order("o-1", new BigDecimal("42.50"), Instant.parse("2026-12-05T10:15:30Z"));
    ConcurrentLinkedQueue<Order> received = new ConcurrentLinkedQueue<>();
    try (Fetchq fetchq = Fetchq.builder().config(config())
        .worker("orders", Handler.typed(Order.class, (o, task, context) -> {
          received.add(o);
          return Action.reschedule(Duration.ofHours(1)).withPayload(new Progress(2, List.of("charged", "mailed")));
        }))
        .build()) {
      assertThat(fetchq.queue("orders").push(NewTask.of("o-1").payload(order))).isTrue();
      Task stored = fetchq.queue("orders").get("o-1").orElseThrow();
      assertThat(fetchq.payload(stored, Order.class)).isEqualTo(order);

      fetchq.start();
      await().atMost(Duration.ofSeconds(20))
          .until(() -> fetchq.queue("orders").get("o-1").orElseThrow().status() == TaskStatus.PLANNED);
      assertThat(received).containsExactly(order);
      Task rescheduled = fetchq.queue("orders").get("o-1").orElseThrow();
      assertThat(rescheduled.payload()).isEqualTo("{\"step\":2,\"done\":[\"charged\",\"mailed\"]}");
      assertThat(fetchq.payload(rescheduled, Progress.class)).isEqualTo(new Progress(2, List.of("charged", "mailed")));
    }
  }

  @Test
  void jsonTextIsKeptByteForByteAndReadableAsAType() {
    String text = "{ \"id\" : \"o-2\",\n  \"total\": 7.10 , \"placedAt\":\"2026-12-05T00:00:00Z\" }";
    try (Fetchq fetchq = Fetchq.builder().config(config()).queue("texts").build()) {
      fetchq.queue("texts").push(NewTask.of("o-2").payload(text));
      String appended = fetchq.queue("texts").append(new Progress(1, List.of()));
      Task stored = fetchq.queue("texts").get("o-2").orElseThrow();
      assertThat(stored.payload()).isEqualTo(text);
      assertThat(fetchq.payload(stored, Order.class).total()).isEqualByComparingTo("7.10");
      assertThat(fetchq.queue("texts").get(appended).orElseThrow().payload()).isEqualTo("{\"step\":1,\"done\":[]}");
    }
  }

  @Test
  void aPayloadTheTypeCannotReadKillsItsTaskWithTheCodecsMessageAndTheWorkerGoesOn() {
    ConcurrentLinkedQueue<String> handled = new ConcurrentLinkedQueue<>();
    try (Fetchq fetchq = Fetchq.builder().config(config())
        .worker("strict", Handler.typed(Order.class, (o, task, context) -> {
          handled.add(o.id());
          return Action.complete();
        }))
        .build()) {
      fetchq.queue("strict").push(NewTask.of("bad").payload("{\"id\":\"bad\",\"total\":\"lots\"}"));
      fetchq.queue("strict").push(NewTask.of("good").payload(new Order("good", BigDecimal.ONE, Instant.EPOCH)));
      fetchq.start();
      await().atMost(Duration.ofSeconds(20))
          .until(() -> fetchq.queue("strict").get("bad").orElseThrow().status() == TaskStatus.KILLED
              && fetchq.queue("strict").get("good").orElseThrow().status() == TaskStatus.COMPLETED);
      assertThat(handled).containsExactly("good");
      Task bad = fetchq.queue("strict").get("bad").orElseThrow();
      assertThat(bad.attempts()).as("killed at its first run: the same bytes cannot succeed").isEqualTo(1);
      List<TaskError> errors = fetchq.queue("strict").errors(10);
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).subject()).isEqualTo("bad");
      assertThat(errors.get(0).message()).contains("cannot be read as " + Order.class.getName())
          .contains("BigDecimal").contains("lots");
      assertThat(errors.get(0).details()).contains(UnreadablePayloadException.class.getName());
    }
  }

  @Test
  void eachWorkerReadsThePayloadVersionItPicks() {
    Map<String, Object> received = new ConcurrentHashMap<>();
    try (Fetchq v1 = Fetchq.builder().config(config())
        .worker("customers", Handler.typed(CustomerV1.class, (c, task, context) -> {
          received.put(task.subject(), c);
          return Action.complete();
        }), w -> w.version(1))
        .build();
        Fetchq v2 = Fetchq.builder().config(config())
            .worker("customers", Handler.typed(CustomerV2.class, (c, task, context) -> {
              received.put(task.subject(), c);
              return Action.complete();
            }), w -> w.version(2))
            .build()) {
      v1.queue("customers").push(NewTask.of("ada").payload(new CustomerV1("Ada Lovelace")).version(1));
      v2.queue("customers").push(NewTask.of("alan").payload(new CustomerV2("Alan", "Turing")).version(2));
      v1.start();
      v2.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
      assertThat(received).containsEntry("ada", new CustomerV1("Ada Lovelace"))
          .containsEntry("alan", new CustomerV2("Alan", "Turing"));
      assertThat(v1.queue("customers").errors(10)).isEmpty();
    }
  }

  @Test
  void anObjectTheCodecCannotWriteIsRefusedBeforeAnythingIsStored() {
    try (Fetchq fetchq = Fetchq.builder().config(config()).queue("refused").build()) {
      assertThatThrownBy(() -> fetchq.queue("refused").push(NewTask.of("x").payload(new Object())))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("payload")
          .hasMessageContaining("java.lang.Object");
      assertThatThrownBy(() -> fetchq.queue("refused").pushAll(List.of(NewTask.of("y"), NewTask.of("z").payload(new Object()))))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("payload");
      assertThat(fetchq.queue("refused").stats().total()).isZero();
    }
  }
}
