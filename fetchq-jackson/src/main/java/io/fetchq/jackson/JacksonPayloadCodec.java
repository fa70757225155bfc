package io.fetchq.jackson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fetchq.PayloadCodec;
import io.fetchq.internal.Require;

/**
 * Task payloads as the user's own types, written and read by Jackson. With no arguments it uses a
 * mapper of its own that knows {@code java.time} types and writes them as ISO-8601 text; give it
 * the application's {@link ObjectMapper} to share its modules and settings. A Fetchq client finds
 * this codec on the class path by itself; {@code Fetchq.builder().payloadCodec(new
 * JacksonPayloadCodec(mapper))} chooses the mapper. Thread-safe, as the mapper is.
 */
public final class JacksonPayloadCodec implements PayloadCodec {
  private final ObjectMapper mapper;

  /** A codec over a mapper of its own: Jackson's defaults, plus {@code java.time} as ISO-8601 text. */
  public JacksonPayloadCodec() {
    this(JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build());
  }

  /** A codec over the application's {@code mapper}, used as it is configured. */
  public JacksonPayloadCodec(ObjectMapper mapper) {
    this.mapper = Require.notNull("mapper", mapper);
  }

  @Override
  public String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  @Override
  public <T> T read(String json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }
}
