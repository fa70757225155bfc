package io.fetchq.memory;

import io.fetchq.internal.Require;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import java.time.Clock;

/**
 * The {@code memory} backend: queues kept in the JVM's memory, with no database, under the whole
 * storage contract (the conformance suite checks it); for tests, and for programs whose queues may
 * be lost when the JVM stops. It needs no database ({@link #needsDatabase()} is false): open it
 * with {@link StorageSettings#withoutDatabase()}; of the settings it reads only the schema, which
 * names its store. It has no wake-ups between processes and cannot join a caller's transaction.
 *
 * <p>Every time it stores or compares (due times, locks, the end of runs, error log entries) is
 * read from its clock, in microseconds, as PostgreSQL keeps {@code timestamptz}.
 */
public final class MemoryStorageProvider implements StorageProvider {
  /** The name users select the backend by ({@code fetchq.storage=memory}). */
  public static final String NAME = "memory";

  private final Stores stores;

  /**
   * The backend on the system UTC clock, whose stores the whole JVM shares by schema: storages
   * opened on one schema see the same data, as processes on one database schema do. A store is
   * freed when the last storage opened on it closes.
   */
  public MemoryStorageProvider() {
    this.stores = SharedStores.JVM;
  }

  /**
   * The backend on {@code clock} (a test's settable clock, say): every store it opens reads that
   * clock, and is kept, by schema, for as long as this provider lives, even while no storage is
   * open on it, so that storages opened again find the data they left (as after a restart). Its
   * stores are its own; no other provider sees them.
   */
  public MemoryStorageProvider(Clock clock) {
    this.stores = new KeptStores(Require.notNull("clock", clock));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** {@inheritDoc} False: the memory backend keeps its data in the JVM. */
  @Override
  public boolean needsDatabase() {
    return false;
  }

  /**
   * {@inheritDoc} Opens a storage on the store of the settings' schema, making it empty when there
   * is none; a database the settings may name is not used.
   */
  @Override
  public Storage open(StorageSettings settings) {
    Require.notNull("settings", settings);
    String schema = settings.schema();
    MemoryStore store = stores.open(schema);
    return new MemoryStorage(store, () -> stores.closed(schema, store));
  }
}
