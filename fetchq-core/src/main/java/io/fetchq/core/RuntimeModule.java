package io.fetchq.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.fetchq.QueueOptions;
import io.fetchq.spi.Storage;
import java.time.Duration;
import java.util.Map;

/**
 * The runtime's shared parts, made once per {@link Fetchq}: the clock, settler, lock watch,
 * wake-ups, maintenance.
 */
final class RuntimeModule extends AbstractModule {
  private static final Duration WAKE_UP_WINDOW = Duration.ofMillis(10);

  private final FetchqConfig config;
  private final Map<String, QueueSettings> queues;
  private final Map<String, QueueOptions> stored;
  private final Services services;
  private final RuntimeClock clock;
  private final Observers observers;

  /**
   * @param queues the queues this client declared, with its own settings
   * @param stored the options stored with the queues this client declared or works, filled in once
   *     the backend is open; they win over {@code queues}
   * @param clock the time every part of the runtime reads
   */
  RuntimeModule(FetchqConfig config, Map<String, QueueSettings> queues, Map<String, QueueOptions> stored,
      Services services, RuntimeClock clock, Observers observers) {
    this.observers = observers;
    this.config = config;
    this.queues = queues;
    this.stored = stored;
    this.services = services;
    this.clock = clock;
  }

  @Override
  protected void configure() {
    bind(FetchqConfig.class).toInstance(config);
    bind(Services.class).toInstance(services);
    bind(RuntimeClock.class).toInstance(clock);
    bind(Observers.class).toInstance(observers);
  }

  @Provides
  @Singleton
  Settler settler(Storage storage) {
    return new Settler(storage, config.workerSettleDelay(), config.workerSettleBatch(), clock, observers);
  }

  @Provides
  @Singleton
  LockWatch lockWatch() {
    return new LockWatch(clock);
  }

  @Provides
  @Singleton
  WakeUps wakeUps(Storage storage) {
    return new WakeUps(
        storage.notifications(),
        WAKE_UP_WINDOW,
        queue -> {
          QueueOptions options = stored.get(queue);
          if (options != null) {
            return options.notifications();
          }
          QueueSettings settings = queues.get(queue);
          return settings == null ? config.queueNotifications() : settings.options().notifications();
        });
  }

  @Provides
  @Singleton
  CallerTransactions callerTransactions(Storage storage, WakeUps wakeUps) {
    return new CallerTransactions(storage, wakeUps::notifies);
  }

  @Provides
  @Singleton
  Maintenance maintenance(Storage storage, WakeUps wakeUps) {
    return new Maintenance(
        storage,
        config.maintenanceLimit(),
        config.maintenanceInterval(),
        config.maintenancePruneInterval(),
        wakeUps);
  }
}
