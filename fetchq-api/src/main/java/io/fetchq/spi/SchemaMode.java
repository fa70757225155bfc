package io.fetchq.spi;

/** What a backend does to its database schema when it opens. */
public enum SchemaMode {
  /** Applies the migrations it ships that the database lacks. */
  MIGRATE,
  /** Fails unless the database already has exactly the migrations it ships. */
  VALIDATE,
  /** Touches nothing: the user runs the migrations. */
  NONE
}
