package io.fetchq.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fetchq.PayloadCodec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The Jackson codec writes and reads the user's types, says what is wrong with a payload, and is found on the class path. */
class JacksonPayloadCodecTest {
  record Line(String sku, int quantity) {}

  record Order(String id, BigDecimal total, Instant placedAt, List<Line> lines) {}

  private final PayloadCodec codec = new JacksonPayloadCodec();

  @Test
  void anObjectRoundTripsWithTimesAsIsoText() {
    Order order = new Order("o-1", new BigDecimal("42.50"), Instant.parse("2026-12-05T10:15:30.123456Z"),
        List.of(new Line("mug", 2), new Line("tea", 1)));
    String json = codec.write(order);
    assertThat(json).contains("\"placedAt\":\"2026-12-05T10:15:30.123456Z\"").contains("\"total\":42.50");
    assertThat(codec.read(json, Order.class)).isEqualTo(order);
  }

  @Test
  void aPayloadThatIsNotTheTypeSaysWhatIsWrong() {
    assertThatThrownBy(() -> codec.read("{\"id\":\"o-1\",\"total\":\"lots\"}", Order.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BigDecimal").hasMessageContaining("lots");
    assertThatThrownBy(() -> codec.read("{\"id\":\"o-1\",\"colour\":\"red\"}", Order.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
  }

  @Test
  void anObjectJacksonCannotWriteIsRefusedWithItsReason() {
    assertThatThrownBy(() -> codec.write(new Object()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
  }

  @Test
  void theApplicationsMapperIsUsedAsConfigured() {
    PayloadCodec lenient = new JacksonPayloadCodec(
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
    assertThat(lenient.read("{\"sku\":\"mug\",\"quantity\":3,\"colour\":\"red\"}", Line.class))
        .isEqualTo(new Line("mug", 3));
    assertThatThrownBy(() -> new JacksonPayloadCodec(null)).hasMessageContaining("mapper");
  }

  @Test
  void theCodecIsFoundOnTheClassPath() {
    assertThat(ServiceLoader.load(PayloadCodec.class).findFirst()).get().isInstanceOf(JacksonPayloadCodec.class);
  }
}
