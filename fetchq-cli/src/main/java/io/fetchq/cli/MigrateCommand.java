package io.fetchq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fetchq.core.ConfigurationException;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.spi.SchemaMode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code fetchq migrate}: applies the backend's pending schema migrations, for deployments whose
 * applications run with {@code fetchq.schema.mode=validate}. It validates first, so that it can say
 * whether there was anything to do and what was wrong before.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Creates or upgrades the schema of the configured backend (fetchq.schema.mode=migrate), for"
        + " applications that run with fetchq.schema.mode=validate. Says whether there was anything to do.")
final class MigrateCommand implements Callable<Integer> {
  @ParentCommand FetchqCommand fetchq;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    fetchq.applyVerbosity();
    FetchqConfig validate = fetchq.config(spec, SchemaMode.VALIDATE);
    String before = null;
    try {
      FetchqCommand.open(validate).close();   // it opened: up to date, nothing to do
    } catch (ConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      Failure failure = Failure.of(e);
      if (failure.exit() != ExitCode.NOT_READY) {
        throw e;
      }
      before = failure.message().lines().findFirst().orElse(failure.message());
    }
    int queues = 0;
    if (before != null) {
      try (Fetchq client = FetchqCommand.open(fetchq.config(spec, SchemaMode.MIGRATE))) {
        queues = client.queues().size();
      }
    }
    Output out = fetchq.output();
    if (out.json()) {
      ObjectNode document = Documents.object();
      document.put("schema", validate.schema());
      document.put("storage", validate.storage());
      document.put("migrated", before != null);
      document.put("before", before);
      out.document(document);
    } else if (before == null) {
      out.println("schema " + validate.schema() + " (" + validate.storage() + ") is up to date: nothing to do");
    } else {
      out.println("schema " + validate.schema() + " (" + validate.storage() + ") migrated; it holds " + queues
          + " queues");
      out.println("before: " + before);
    }
    return ExitCode.OK.code();
  }
}
