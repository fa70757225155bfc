package io.fetchq.memory;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stores of one {@link MemoryStorageProvider} made with a clock, by schema, each reading that
 * clock: kept for as long as the provider lives, even while no storage is open on them, so that
 * storages opened again find the data as they left it (as after a restart).
 */
final class KeptStores implements Stores {
  private final Clock clock;
  private final Map<String, MemoryStore> bySchema = new ConcurrentHashMap<>();

  /** Stores that read {@code clock}. */
  KeptStores(Clock clock) {
    this.clock = clock;
  }

  @Override
  public MemoryStore open(String schema) {
    return bySchema.computeIfAbsent(schema, s -> new MemoryStore(clock));
  }

  @Override
  public void closed(String schema, MemoryStore store) {
    // kept: the next storage opened on the schema finds it
  }
}
