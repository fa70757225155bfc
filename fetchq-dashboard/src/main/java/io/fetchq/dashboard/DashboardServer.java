package io.fetchq.dashboard;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;

/** A running standalone dashboard ({@link FetchqDashboard#start}); close it to stop listening. */
public final class DashboardServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final FetchqDashboard dashboard;

  DashboardServer(HttpServer server, ExecutorService executor, FetchqDashboard dashboard) {
    this.server = server;
    this.executor = executor;
    this.dashboard = dashboard;
  }

  /** The address it listens on, with the port chosen when 0 was asked. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The dashboard's address as a URL, for example {@code http://127.0.0.1:8080/}. */
  public String url() {
    InetSocketAddress address = address();
    String host = address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + address.getPort() + "/";
  }

  /** Stops listening (requests under way get a second to finish) and stops the sampler. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
    dashboard.close();
  }
}
