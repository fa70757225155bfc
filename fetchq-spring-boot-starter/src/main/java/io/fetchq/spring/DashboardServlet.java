package io.fetchq.spring;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's JDK {@link HttpHandler} behind a servlet, so that it is served by the
 * application's own web server (and its security filters) at {@code /fetchq}: each request is
 * handed over as an {@link HttpExchange} whose context path is the servlet's.
 */
final class DashboardServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient HttpHandler handler;

  DashboardServlet(HttpHandler handler) {
    this.handler = handler;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    handler.handle(new Exchange(request, response));
  }

  /** One servlet request and response as an exchange of the JDK server. */
  private static final class Exchange extends HttpExchange {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private final Context context;
    private final Map<String, Object> attributes = new HashMap<>();
    private InputStream in;
    private OutputStream out;
    private int status = -1;

    Exchange(HttpServletRequest request, HttpServletResponse response) throws IOException {
      this.request = request;
      this.response = response;
      for (String name : Collections.list(request.getHeaderNames())) {
        requestHeaders.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
      }
      this.context = new Context(request.getContextPath() + request.getServletPath());
      this.in = request.getInputStream();
      this.out = response.getOutputStream();
    }

    @Override
    public Headers getRequestHeaders() {
      return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
      return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
      String query = request.getQueryString();
      return URI.create(request.getRequestURI() + (query == null ? "" : "?" + query));
    }

    @Override
    public String getRequestMethod() {
      return request.getMethod();
    }

    @Override
    public HttpContext getHttpContext() {
      return context;
    }

    @Override
    public void close() {
      try {
        out.flush();
      } catch (IOException e) {
        // the client went away
      }
    }

    @Override
    public InputStream getRequestBody() {
      return in;
    }

    @Override
    public OutputStream getResponseBody() {
      return out;
    }

    @Override
    public void sendResponseHeaders(int code, long length) {
      status = code;
      response.setStatus(code);
      for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
        for (String value : header.getValue()) {
          response.addHeader(header.getKey(), value);
        }
      }
      if (length > 0) {
        response.setContentLengthLong(length);
      } else if (length < 0) {
        response.setContentLengthLong(0);
      }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
      return new InetSocketAddress(request.getRemoteAddr(), request.getRemotePort());
    }

    @Override
    public int getResponseCode() {
      return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
      return new InetSocketAddress(request.getLocalAddr(), request.getLocalPort());
    }

    @Override
    public String getProtocol() {
      return request.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
      return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
      attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
      if (i != null) {
        in = i;
      }
      if (o != null) {
        out = o;
      }
    }

    @Override
    public HttpPrincipal getPrincipal() {
      return null;
    }
  }

  /** The servlet's path as the context path the dashboard resolves its own paths under. */
  private static final class Context extends HttpContext {
    private final String path;

    Context(String path) {
      this.path = path;
    }

    @Override
    public HttpHandler getHandler() {
      return null;
    }

    @Override
    public void setHandler(HttpHandler handler) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String getPath() {
      return path;
    }

    @Override
    public HttpServer getServer() {
      return null;
    }

    @Override
    public Map<String, Object> getAttributes() {
      return new HashMap<>();
    }

    @Override
    public List<Filter> getFilters() {
      return new ArrayList<>();
    }

    @Override
    public Authenticator setAuthenticator(Authenticator auth) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Authenticator getAuthenticator() {
      return null;
    }
  }
}
