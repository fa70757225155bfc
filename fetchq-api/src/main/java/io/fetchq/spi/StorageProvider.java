package io.fetchq.spi;

/**
 * Makes a backend's {@link Storage}. Registered for {@link java.util.ServiceLoader} and chosen by
 * {@link #name()} ({@code fetchq.storage=postgres}).
 */
public interface StorageProvider {

  /** The name users select the backend by: lower case, stable across versions. */
  String name();

  /**
   * Opens a storage on the given database, creating or checking its schema as the settings say.
   *
   * @throws io.fetchq.InvalidArgumentException naming {@code jdbcUrl} when the backend {@linkplain
   *     #needsDatabase() needs a database} and the settings name none
   */
  Storage open(StorageSettings settings);

  /**
   * Whether {@link #open} needs settings that name a database (a JDBC URL or a data source); a
   * backend that keeps its data elsewhere, such as in memory, opens with {@link
   * StorageSettings#withoutDatabase()}. Such a backend, made by its provider's no-arg constructor,
   * stores times by the system UTC clock where a database backend uses the database's {@code
   * now()}: the conformance suite checks its times against that clock.
   */
  default boolean needsDatabase() {
    return true;
  }
}
