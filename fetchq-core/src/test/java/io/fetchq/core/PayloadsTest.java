package io.fetchq.core;

import static io.fetchq.core.StorageQueueRequestsTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.Action;
import io.fetchq.NewTask;
import io.fetchq.PayloadCodec;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.UnreadablePayloadException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Object payloads pass through the client's codec and JSON text passes untouched; without a codec,
 * or when the codec fails, the refusal names the payload and says what to do.
 */
class PayloadsTest {
  /** Writes an Integer as a JSON number and reads it back; fails on anything else. */
  private static final PayloadCodec NUMBERS = new PayloadCodec() {
    @Override
    public String write(Object value) {
      if (!(value instanceof Integer n)) {
        throw new IllegalArgumentException("only integers, not " + value);
      }
      return n == 13 ? null : n.toString();
    }

    @Override
    public <T> T read(String json, Class<T> type) {
      return type.cast(Integer.valueOf(json.trim()));
    }
  };

  private static Task task(String payload) {
    Instant now = Instant.now();
    return new Task("q", "s", payload, 0, 0, TaskStatus.ACTIVE, 1, 0, now, null, now, 7);
  }

  @Test
  void objectPayloadsAreWrittenAndJsonTextIsLeftAsItIs() {
    Payloads payloads = Payloads.of(NUMBERS);
    assertThat(payloads.write(NewTask.of("s").payload(42)).payload()).isEqualTo("42");
    assertThat(payloads.write(NewTask.of("s").payload(42)).value()).isNull();
    NewTask text = NewTask.of("s").payload(" [1,  2] ");
    assertThat(payloads.write(text)).isSameAs(text);
    assertThat(payloads.write(Action.reschedule(Duration.ofMinutes(1)).withPayload(7)).payload()).isEqualTo("7");
    assertThat(payloads.read(task("42"), Integer.class)).isEqualTo(42);
    assertThat(payloads.read(task(null), Integer.class)).isNull();
  }

  @Test
  void withoutACodecAnObjectIsRefusedWithHowToAddOne() {
    assertRefused("payload", "fetchq-jackson", () -> Payloads.NONE.write(NewTask.of("s").payload(42)));
    assertThat(Payloads.NONE.write(NewTask.of("s").payload("{}")).payload()).isEqualTo("{}");
    assertThatThrownBy(() -> Payloads.NONE.read(task("42"), Integer.class))
        .isInstanceOf(UnreadablePayloadException.class).hasMessageContaining("fetchq-jackson");
  }

  @Test
  void aCodecFailureNamesThePayloadAndTheType() {
    Payloads payloads = Payloads.of(NUMBERS);
    assertRefused("payload", "cannot be written as JSON from a java.lang.String: only integers",
        () -> payloads.write(NewTask.of("s").payload((Object) "seven")));
    assertRefused("payload", "was written as null", () -> payloads.write(NewTask.of("s").payload(13)));
    PayloadCodec broken = new PayloadCodec() {
      @Override
      public String write(Object value) {
        return "{not json";
      }

      @Override
      public <T> T read(String json, Class<T> type) {
        throw new UnsupportedOperationException();
      }
    };
    assertRefused("payload", "must be valid JSON", () -> Payloads.of(broken).write(NewTask.of("s").payload(1)));
    assertThatThrownBy(() -> payloads.read(task("\"x\""), Integer.class))
        .isInstanceOf(UnreadablePayloadException.class)
        .hasMessageContaining("task \"s\" in queue q").hasMessageContaining("java.lang.Integer");
  }
}
