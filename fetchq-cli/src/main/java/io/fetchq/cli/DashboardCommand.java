package io.fetchq.cli;

import io.fetchq.InvalidArgumentException;
import io.fetchq.core.Fetchq;
import io.fetchq.dashboard.DashboardServer;
import io.fetchq.dashboard.FetchqDashboard;
import io.fetchq.internal.Require;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code fetchq dashboard}: the web dashboard ({@code fetchq-dashboard}) on a port of its own, until
 * the process is stopped. Read-only unless {@code --actions}; the token is read from the environment
 * or a file, never from an argument.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Serves the web dashboard of every queue until stopped (Ctrl-C): counts, live throughput,"
        + " tasks, error logs; read-only unless --actions. Listening outside loopback needs a token"
        + " (FETCHQ_DASHBOARD_TOKEN or --token-file).")
final class DashboardCommand extends OperatorCommand {
  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
      description = "The port (default 8080; 0 for any free one).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The address to listen on (default 127.0.0.1).")
  String host;

  @Option(names = "--actions", description = "Enables pause, resume, retry, run now and cancel in the pages.")
  boolean actions;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "A file whose first line is the token every request must carry (else FETCHQ_DASHBOARD_TOKEN).")
  Path tokenFile;

  @Override
  void check() {
    Require.range("port", port, 0, 65_535);
    Require.text("host", host, 255);
  }

  @Override
  ExitCode run(Fetchq client, Output out) {
    FetchqDashboard.Builder builder = FetchqDashboard.builder(client).actions(actions);
    String token = token();
    if (token != null) {
      builder.token(token);
    }
    InetSocketAddress address;
    try {
      address = new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw UsageError.of(spec, new InvalidArgumentException("host", "is not a known address: " + host));
    }
    FetchqDashboard dashboard = builder.build();
    DashboardServer started;
    try {
      started = dashboard.start(address);
    } catch (IllegalStateException e) {
      dashboard.close();
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try (dashboard; DashboardServer server = started) {
      out.println("fetchq dashboard at " + server.url() + (actions ? " (actions enabled)" : " (read-only)")
          + "; Ctrl-C stops it");
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "fetchq-dashboard-stop"));
      stopped.await();
      return ExitCode.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.OK;
    }
  }

  private String token() {
    if (tokenFile != null) {
      try {
        return Files.readAllLines(tokenFile).stream().findFirst().map(String::strip).orElse("");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the token file " + tokenFile + ": " + e.getMessage(), e);
      }
    }
    String token = System.getenv("FETCHQ_DASHBOARD_TOKEN");
    return token == null || token.isBlank() ? null : token.strip();
  }
}
