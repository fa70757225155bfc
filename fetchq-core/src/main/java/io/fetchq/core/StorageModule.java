package io.fetchq.core;

import com.google.inject.PrivateModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;

/**
 * The chosen backend's wiring, private: only the {@link Storage} (behind the resilience guard, which
 * is visible too, for the health it reports) is visible to the rest of the runtime, so nothing of the backend can collide with the user's own
 * bindings.
 */
final class StorageModule extends PrivateModule {
  private final StorageProvider provider;
  private final StorageSettings settings;
  private final ResilienceSettings resilience;
  private RuntimeException openFailure;

  StorageModule(StorageProvider provider, StorageSettings settings, ResilienceSettings resilience) {
    this.provider = provider;
    this.settings = settings;
    this.resilience = resilience;
  }

  @Override
  protected void configure() {
    bind(StorageProvider.class).toInstance(provider);
    bind(StorageSettings.class).toInstance(settings);
    expose(Storage.class);
    expose(ResilientStorage.class);
  }

  /**
   * The backend opened once. When opening fails (the database unreachable, the schema not valid),
   * the injector asks again for every binding that needs the storage; the first failure is thrown
   * to each of them instead of trying again.
   */
  @Provides
  @Singleton
  ResilientStorage resilientStorage(StorageProvider provider, StorageSettings settings, RuntimeClock clock) {
    if (openFailure != null) {
      throw openFailure;
    }
    try {
      return new ResilientStorage(provider.open(settings), resilience, clock);
    } catch (RuntimeException e) {
      openFailure = e;
      throw e;
    }
  }

  @Provides
  @Singleton
  Storage storage(ResilientStorage storage) {
    return storage;
  }
}
