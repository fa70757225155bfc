package io.fetchq.core;

import io.fetchq.StorageException;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend, named {@code unopenable}, whose database cannot be reached: every open fails as a
 * refused connection does, and is counted. Public with a public constructor for {@link
 * java.util.ServiceLoader}; {@link FetchqBuildFailureTest} registers it.
 */
public final class UnopenableStorageProvider implements StorageProvider {
  static final String NAME = "unopenable";
  static final AtomicInteger OPENS = new AtomicInteger();

  public UnopenableStorageProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Storage open(StorageSettings settings) {
    OPENS.incrementAndGet();
    throw new StorageException("connection refused", "08001", true, new ConnectException("Connection refused"));
  }
}
