package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fetchq.StorageException;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend that cannot open (the database unreachable, the schema not valid) is tried once, and
 * {@code build()} throws its failure as it is, not the dependency injector's report of every
 * binding that needed it: a tool that opens a client to run one command fails fast and can tell
 * why.
 */
class FetchqBuildFailureTest {
  private static final String SERVICES = "META-INF/services/io.fetchq.spi.StorageProvider";

  @TempDir Path dir;

  @Test
  void aBackendThatCannotOpenIsTriedOnceAndItsFailureIsThrownAsItIs() throws IOException {
    Path services = Files.writeString(dir.resolve("services"), UnopenableStorageProvider.class.getName() + "\n");
    ClassLoader withProvider = new ClassLoader(getClass().getClassLoader()) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        return name.equals(SERVICES)
            ? Collections.enumeration(List.of(services.toUri().toURL()))
            : super.getResources(name);
      }
    };
    FetchqConfig config = FetchqConfig.defaults()
        .withStorage(UnopenableStorageProvider.NAME)
        .withDatabase("jdbc:postgresql://127.0.0.1:1/nowhere", null, null)
        .with("fetchq.startup.timeout", "0s"); // one attempt: StartupRetryTest tries again
    UnopenableStorageProvider.OPENS.set(0);
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(withProvider);
    Throwable thrown;
    try {
      thrown = catchThrowable(() -> Fetchq.builder().config(config).build());
    } finally {
      thread.setContextClassLoader(before);
    }

    assertThat(thrown).isInstanceOf(StorageException.class).hasMessage("connection refused");
    assertThat(((StorageException) thrown).sqlState()).isEqualTo("08001");
    assertThat(UnopenableStorageProvider.OPENS).as("opens of the backend").hasValue(1);
  }
}
