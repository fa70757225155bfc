package io.fetchq;

/**
 * Turns the user's own objects into task payloads (JSON documents) and back, so that tasks carry
 * an {@code Order} rather than a string: {@code NewTask.of(id).payload(order)} is written with it
 * when pushed, and {@code context.payload(Order.class)} reads it in a handler. A payload given as
 * a {@code String} is JSON text and never passes through a codec, byte for byte.
 *
 * <p>{@code fetchq-jackson} provides one over Jackson's {@code ObjectMapper}; a client finds it on
 * the class path by itself ({@link java.util.ServiceLoader}) unless given one. Implementations
 * are thread-safe. A failure is any runtime exception whose message says what was wrong; Fetchq
 * reports it with the field and the type.
 */
public interface PayloadCodec {

  /** The JSON document of {@code value}, which is not null. */
  String write(Object value);

  /** The object of {@code type} that the JSON document {@code json} (not null) describes. */
  <T> T read(String json, Class<T> type);
}
