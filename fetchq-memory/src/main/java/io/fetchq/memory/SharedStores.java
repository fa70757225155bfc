package io.fetchq.memory;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The stores every no-arg {@link MemoryStorageProvider} of the JVM shares, by schema, on the system
 * UTC clock: two storages opened on one schema see the same data, as two processes on one database
 * schema do. A store is freed when the last storage opened on it closes; the schema opened again
 * starts empty.
 */
final class SharedStores implements Stores {
  /** The JVM's stores. */
  static final SharedStores JVM = new SharedStores(Clock.systemUTC());

  private final Clock clock;
  private final Map<String, Shared> bySchema = new HashMap<>();

  private SharedStores(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized MemoryStore open(String schema) {
    Shared shared = bySchema.computeIfAbsent(schema, s -> new Shared(new MemoryStore(clock)));
    shared.open++;
    return shared.store;
  }

  @Override
  public synchronized void closed(String schema, MemoryStore store) {
    Shared shared = bySchema.get(schema);
    if (shared != null && shared.store == store && --shared.open == 0) {
      bySchema.remove(schema);
    }
  }

  /** A store and how many storages are open on it. */
  private static final class Shared {
    final MemoryStore store;
    int open;

    Shared(MemoryStore store) {
      this.store = store;
    }
  }
}
