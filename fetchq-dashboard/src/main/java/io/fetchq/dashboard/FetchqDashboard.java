package io.fetchq.dashboard;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.fetchq.core.Fetchq;
import io.fetchq.internal.Require;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A web dashboard of a {@link Fetchq} client's queues: counts, live throughput, tasks, error logs
 * and, when enabled, the operator actions. Served from the jar by the JDK's HTTP server, either
 * standalone ({@link #start}) or mounted on a path of any {@link HttpServer} ({@link #handler()}).
 * Read-only unless {@link Builder#actions(boolean)} is set.
 *
 * <pre>{@code
 * FetchqDashboard dashboard = FetchqDashboard.builder(fetchq).actions(true).build();
 * try (DashboardServer server = dashboard.start(new InetSocketAddress("127.0.0.1", 8080))) { ... }
 * }</pre>
 */
public final class FetchqDashboard implements AutoCloseable {
  private static final String NODELAY = "sun.net.httpserver.nodelay";
  private final Fetchq fetchq;
  private final boolean actions;
  private final Auth auth;
  private final String csrfToken;
  private final Sampler sampler;
  private final DashboardHandler handler;

  private FetchqDashboard(Builder builder) {
    this.fetchq = builder.fetchq;
    this.actions = builder.actions;
    this.auth = builder.auth;
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.csrfToken = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    this.sampler = new Sampler(fetchq, builder.sampleInterval, Duration.ofHours(1));
    this.handler = new DashboardHandler(new Api(fetchq, sampler, actions), auth, csrfToken, actions);
  }

  /** A builder of a read-only dashboard of {@code fetchq}'s database, without authentication. */
  public static Builder builder(Fetchq fetchq) {
    return new Builder(Require.notNull("fetchq", fetchq));
  }

  /**
   * The dashboard as a handler to mount on any path of a JDK {@link HttpServer}, for example {@code
   * server.createContext("/fetchq", dashboard.handler())}; starts the throughput sampler. The
   * application decides where it listens: with no credentials or token configured, keep it on
   * loopback or behind the application's own authentication.
   */
  public HttpHandler handler() {
    sampler.start();
    return handler;
  }

  /**
   * Starts a server of its own on {@code address} (port 0 for any free one) with the dashboard at
   * {@code /}. Sets {@code sun.net.httpserver.nodelay=true} unless set (the JDK server answers ~40
   * ms late without it), which takes effect when it is the JVM's first JDK HttpServer.
   *
   * @throws IllegalStateException when {@code address} is not a loopback address and neither
   *     credentials nor a token are configured
   * @throws UncheckedIOException when the address cannot be bound
   */
  public DashboardServer start(InetSocketAddress address) {
    Require.notNull("address", address);
    if (auth == null && (address.getAddress() == null || !address.getAddress().isLoopbackAddress())) {
      throw new IllegalStateException("refusing to start the Fetchq dashboard open on " + address
          + ", which is not a loopback address: configure credentials(user, password) or token(t),"
          + " or listen on 127.0.0.1");
    }
    // The JDK server writes a response's headers and body apart; without TCP_NODELAY the client's
    // delayed ACK holds every answer ~40 ms. Read once, when the JDK creates its first HttpServer.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
    server.createContext("/", handler());
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread thread = new Thread(r, "fetchq-dashboard-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.start();
    return new DashboardServer(server, executor, this);
  }

  /** Whether the operator actions (pause, resume, retry, run now, cancel) are enabled. */
  public boolean actionsEnabled() {
    return actions;
  }

  /** Stops the throughput sampler; the handler answers on, with charts that no longer move. */
  @Override
  public void close() {
    sampler.close();
  }

  /** The settings of a dashboard: actions, authentication. */
  public static final class Builder {
    private final Fetchq fetchq;
    private boolean actions;
    private Auth auth;
    private Duration sampleInterval = Duration.ofSeconds(5);

    private Builder(Fetchq fetchq) {
      this.fetchq = fetchq;
    }

    /** Enables the operator actions; off (read-only) by default. */
    public Builder actions(boolean enabled) {
      this.actions = enabled;
      return this;
    }

    /** Requires HTTP basic authentication with this user and password on every request. */
    public Builder credentials(String user, String password) {
      Require.text("user", user, 200);
      Require.text("password", password, 200);
      if (user.indexOf(':') >= 0) {
        throw new io.fetchq.InvalidArgumentException("user", "must not contain ':'");
      }
      this.auth = Auth.basic(user, password);
      return this;
    }

    /**
     * Requires this token on every request: {@code Authorization: Bearer <token>}, or as the
     * password of HTTP basic authentication (any user) so that a browser can log in.
     */
    public Builder token(String token) {
      Require.text("token", token, 500);
      if (token.length() < 16) {
        throw new io.fetchq.InvalidArgumentException("token", "must be at least 16 characters");
      }
      this.auth = Auth.token(token);
      return this;
    }

    /** How often the throughput sampler reads the counters; package-private, for tests. */
    Builder sampleInterval(Duration interval) {
      this.sampleInterval = Require.duration("sampleInterval", interval, Duration.ofMillis(100), Duration.ofMinutes(1));
      return this;
    }

    /** The dashboard; nothing runs until {@link #handler()} or {@link #start}. */
    public FetchqDashboard build() {
      return new FetchqDashboard(this);
    }
  }
}
