package io.fetchq.core;

import io.fetchq.internal.Require;
import java.util.Map;
import java.util.Optional;

/** The user's own objects that handlers reach through {@link io.fetchq.TaskContext#service(Class)}. */
final class Services {
  private final Map<Class<?>, Object> byType;

  Services(Map<Class<?>, Object> byType) {
    this.byType = Map.copyOf(byType);
  }

  <T> Optional<T> get(Class<T> type) {
    Require.notNull("type", type);
    return Optional.ofNullable(byType.get(type)).map(type::cast);
  }
}
