package io.fetchq.spi;

/**
 * Makes a backend's {@link Storage}. Registered for {@link java.util.ServiceLoader} and chosen by
 * {@link #name()} ({@code fetchq.storage=postgres}).
 */
public interface StorageProvider {

  /** The name users select the backend by: lower case, stable across versions. */
  String name();

  /** Opens a storage on the given database, creating or checking its schema as the settings say. */
  Storage open(StorageSettings settings);
}
