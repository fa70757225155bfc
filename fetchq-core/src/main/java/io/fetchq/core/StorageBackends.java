package io.fetchq.core;

import io.fetchq.FetchqException;
import io.fetchq.InvalidArgumentException;
import io.fetchq.internal.Require;
import io.fetchq.spi.StorageProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage backends on the classpath, chosen by name ({@code fetchq.storage=postgres}): exactly
 * one provider must carry the name, or the choice fails with a message that lists what is there.
 * The chosen provider is logged at INFO.
 */
final class StorageBackends {
  private static final Logger LOG = LoggerFactory.getLogger(StorageBackends.class);

  private final List<StorageProvider> providers;

  /** The given providers; {@link #onClasspath()} is the usual source. */
  public StorageBackends(Iterable<StorageProvider> providers) {
    Require.notNull("providers", providers);
    List<StorageProvider> found = new ArrayList<>();
    try {
      for (StorageProvider provider : providers) {
        found.add(Require.notNull("providers", provider));
      }
    } catch (ServiceConfigurationError e) {
      throw new FetchqException("could not load the storage providers on the classpath: " + e.getMessage(), e);
    }
    this.providers = List.copyOf(found);
  }

  /** The providers registered for {@link ServiceLoader} and visible to the thread's context class loader. */
  public static StorageBackends onClasspath() {
    return new StorageBackends(ServiceLoader.load(StorageProvider.class));
  }

  /** The providers registered for {@link ServiceLoader} and visible to {@code loader}. */
  public static StorageBackends on(ClassLoader loader) {
    return new StorageBackends(ServiceLoader.load(StorageProvider.class, Require.notNull("loader", loader)));
  }

  /** The names of the providers found, sorted, each once. */
  public List<String> names() {
    TreeSet<String> names = new TreeSet<>();
    providers.forEach(p -> names.add(String.valueOf(p.name())));
    return List.copyOf(names);
  }

  /**
   * The one provider called {@code name} (compared exactly).
   *
   * @throws InvalidArgumentException when the name is null or blank
   * @throws FetchqException when no provider or more than one carries the name
   */
  public StorageProvider named(String name) {
    Require.notNull("storage", name);
    if (name.isBlank()) {
      throw new InvalidArgumentException("storage", "must name a storage backend, such as postgres");
    }
    List<StorageProvider> matches = providers.stream().filter(p -> name.equals(p.name())).toList();
    if (matches.isEmpty()) {
      throw new FetchqException("no storage backend named \"" + name + "\" on the classpath; "
          + (providers.isEmpty()
              ? "found none (add fetchq-postgres or fetchq-partitioned to the dependencies)"
              : "found " + String.join(", ", names())));
    }
    if (matches.size() > 1) {
      throw new FetchqException(matches.size() + " storage backends on the classpath are named \"" + name
          + "\": " + String.join(", ", matches.stream().map(p -> p.getClass().getName()).toList())
          + "; keep one of them");
    }
    StorageProvider chosen = matches.get(0);
    LOG.info("Fetchq storage backend \"{}\": {}", name, chosen.getClass().getName());
    return chosen;
  }
}
