package io.fetchq.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fetchq.FetchqException;
import io.fetchq.InvalidArgumentException;
import io.fetchq.QueueNotFoundException;
import io.fetchq.StorageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the dashboard under whatever path it is mounted on: the page, its script and style from
 * the jar, and the JSON API. Checks, in order: credentials (when configured) on every request; for
 * an action, POST, the actions setting, the per-dashboard CSRF token in a header and the
 * Origin (or Referer) against the Host.
 */
final class DashboardHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(DashboardHandler.class);
  static final String CSRF_HEADER = "X-Fetchq-Csrf";
  private static final int MAX_BODY = 64 * 1024;
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
      + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final Api api;
  private final Auth auth;
  private final byte[] csrf;
  private final byte[] indexPage;
  private final byte[] script;
  private final byte[] style;

  DashboardHandler(Api api, Auth auth, String csrfToken, boolean actions) {
    this.api = api;
    this.auth = auth;
    this.csrf = Auth.sha256(csrfToken);
    this.indexPage = new String(resource("index.html"), StandardCharsets.UTF_8)
        .replace("{{csrf}}", Html.escape(csrfToken))
        .replace("{{actions}}", actions ? "on" : "off")
        .getBytes(StandardCharsets.UTF_8);
    this.script = resource("app.js");
    this.style = resource("app.css");
  }

  private static byte[] resource(String name) {
    try (InputStream in = DashboardHandler.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard's " + name + " is missing from its jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Referrer-Policy", "same-origin");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
      if (auth != null && !auth.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Fetchq dashboard\", charset=\"UTF-8\"");
        send(exchange, 401, "text/plain; charset=utf-8", "authentication required\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String context = exchange.getHttpContext().getPath();
      String base = context.endsWith("/") ? context : context + "/";
      String path = exchange.getRequestURI().getPath();
      if (path == null || (path + "/").equals(base)) {
        exchange.getResponseHeaders().set("Location", base);
        send(exchange, 302, "text/plain; charset=utf-8", new byte[0]);
        return;
      }
      if (!path.startsWith(base)) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String rest = path.substring(base.length());
      if (rest.startsWith("api/")) {
        api(exchange, rest.substring(4));
        return;
      }
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      switch (rest) {
        case "", "index.html" -> {
          exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
          send(exchange, 200, "text/html; charset=utf-8", indexPage);
        }
        case "app.js" -> send(exchange, 200, "text/javascript; charset=utf-8", script);
        case "app.css" -> send(exchange, 200, "text/css; charset=utf-8", style);
        default -> send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      log.debug("dashboard request failed: {}", e.toString());
    }
  }

  private void api(HttpExchange exchange, String name) throws IOException {
    int status = 200;
    JsonNode answer;
    try {
      String method = exchange.getRequestMethod();
      if (Api.isAction(name)) {
        if (!method.equals("POST")) {
          exchange.getResponseHeaders().set("Allow", "POST");
          throw new HttpError(405, "use POST for " + name);
        }
        if (!api.actionsEnabled()) {
          throw new HttpError(403, "actions are disabled on this dashboard (FetchqDashboard.builder(...).actions(true) enables them)");
        }
        checkCsrf(exchange);
        answer = api.post(name, body(exchange));
      } else {
        if (!method.equals("GET")) {
          exchange.getResponseHeaders().set("Allow", "GET");
          throw new HttpError(405, "use GET for " + name);
        }
        answer = api.get(name, query(exchange.getRequestURI()));
      }
    } catch (HttpError e) {
      status = e.status;
      answer = error(e.getMessage());
    } catch (InvalidArgumentException e) {
      status = 400;
      answer = error(e.getMessage()).put("field", e.field()).put("rule", e.rule());
    } catch (QueueNotFoundException e) {
      status = 404;
      answer = error(e.getMessage());
    } catch (StorageException e) {
      status = 503;
      answer = error("the database is unavailable: " + e.getMessage());
    } catch (FetchqException | IllegalArgumentException | IllegalStateException e) {
      status = 409;
      answer = error(e.getMessage());
    } catch (RuntimeException e) {
      log.warn("dashboard API {} failed", name, e);
      status = 500;
      answer = error("internal error (" + e.getClass().getSimpleName() + "); see the application's log");
    }
    send(exchange, status, "application/json; charset=utf-8", Api.JSON.writeValueAsBytes(answer));
  }

  private void checkCsrf(HttpExchange exchange) {
    String token = exchange.getRequestHeaders().getFirst(CSRF_HEADER);
    if (token == null || !MessageDigest.isEqual(csrf, Auth.sha256(token))) {
      throw new HttpError(403, "missing or wrong CSRF token (header " + CSRF_HEADER + ")");
    }
    String host = exchange.getRequestHeaders().getFirst("Host");
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    String referer = exchange.getRequestHeaders().getFirst("Referer");
    String source = origin != null ? origin : referer;
    if (host == null || source == null || !sameHost(source, host)) {
      throw new HttpError(403, "the request's Origin (or Referer) is not this dashboard's host");
    }
  }

  private static boolean sameHost(String url, String host) {
    try {
      URI uri = URI.create(url);
      String authority = uri.getRawAuthority();
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && authority != null && authority.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = exchange.getRequestBody()) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        if (out.size() > MAX_BODY) {
          throw new HttpError(413, "the request body is over " + MAX_BODY + " bytes");
        }
      }
    }
    try {
      JsonNode node = Api.JSON.readTree(out.toByteArray());
      if (node == null || !node.isObject()) {
        throw new HttpError(400, "the request body must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new HttpError(400, "the request body is not JSON");
    }
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> params = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(key, value);
    }
    return params;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "the query string is not well encoded");
    }
  }

  private static ObjectNode error(String message) {
    return Api.JSON.createObjectNode().put("error", message);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
