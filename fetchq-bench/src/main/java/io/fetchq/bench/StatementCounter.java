package io.fetchq.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Counts and times, on the client, every statement Fetchq sends through a data source: it wraps the
 * data source, its connections and their statements in proxies. Each statement is named by what it
 * does (push, pick, settle, ...) from its SQL text; the names know the postgres backend's mapper
 * SQL, and any other statement is named by its first words. A statement's time is its round trip
 * as the client sees it: network, parse, execution and reading the result.
 */
final class StatementCounter {
  /** A statement's name and a piece of SQL text only that statement has; the first match wins. */
  private static final List<Map.Entry<String, String>> NAMES =
      List.of(
          Map.entry("pick", "nextval("),
          Map.entry("settle", "dropped AS"),
          Map.entry("upsert", "existing AS"),
          Map.entry("push", " (queue_id, subject, payload, version"),
          Map.entry("promote", "promoted AS"),
          Map.entry("recover-orphans", "orphans AS"),
          Map.entry("stats", "sum(c.planned)"),
          Map.entry("prune-errors", "DELETE FROM"),
          Map.entry("extend", "SET next_iteration = now() +"),
          Map.entry("notify", "pg_notify"),
          Map.entry("listen", "LISTEN"));

  private final DataSource target;
  private final Map<String, Counts> counts = new ConcurrentHashMap<>();

  StatementCounter(DataSource target) {
    this.target = target;
  }

  /** The data source to hand to Fetchq: the target, counting. */
  DataSource dataSource() {
    return proxy(DataSource.class, target, (method, args, result) ->
        result instanceof Connection connection ? connection(connection) : result);
  }

  /** Forgets what was counted so far, for example the set-up before a measured section. */
  void reset() {
    counts.clear();
  }

  /** Per statement name: count, count per task, mean and total round trip in ms; most frequent first. */
  Map<String, Object> perTask(long tasks) {
    Map<String, Object> result = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue().count.sum(), a.getValue().count.sum()))
        .forEach(
            e -> {
              long n = e.getValue().count.sum();
              double totalMs = e.getValue().nanos.sum() / 1e6;
              Map<String, Object> one = new LinkedHashMap<>();
              one.put("count", n);
              one.put("perTask", tasks > 0 ? (double) n / tasks : Double.NaN);
              one.put("meanMs", n > 0 ? totalMs / n : Double.NaN);
              one.put("totalMs", totalMs);
              result.put(e.getKey(), one);
            });
    return result;
  }

  static String name(String sql) {
    for (Map.Entry<String, String> entry : NAMES) {
      if (sql.contains(entry.getValue())) {
        return entry.getKey();
      }
    }
    String words = sql.strip().replaceAll("\\s+", " ");
    return words.length() <= 40 ? words : words.substring(0, 40);
  }

  private Connection connection(Connection connection) {
    return proxy(Connection.class, connection, (method, args, result) -> {
      if (result instanceof PreparedStatement prepared && method.getName().equals("prepareStatement")) {
        String name = name((String) args[0]);
        return proxy(PreparedStatement.class, prepared, null, (method2, args2) -> name);
      }
      if (result instanceof Statement plain && method.getName().equals("createStatement")) {
        return proxy(Statement.class, plain, null, (method2, args2) ->
            args2 != null && args2.length > 0 && args2[0] instanceof String sql ? name(sql) : "other");
      }
      return result;
    });
  }

  /** Replaces a call's result, for example to wrap the connection a data source returned. */
  private interface Wrap {
    Object apply(Method method, Object[] args, Object result) throws Exception;
  }

  /** The name a statement's execute call is counted under. */
  private interface Naming {
    String of(Method method, Object[] args);
  }

  private <T> T proxy(Class<T> type, Object target, Wrap wrap) {
    return proxy(type, target, wrap, null);
  }

  /** A proxy of {@code target}: {@code wrap} replaces results; calls to execute* are counted under {@code naming}. */
  private <T> T proxy(Class<T> type, Object target, Wrap wrap, Naming naming) {
    InvocationHandler handler = (self, method, args) -> {
      boolean counted = naming != null && method.getName().startsWith("execute");
      long start = counted ? System.nanoTime() : 0;
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      } finally {
        if (counted) {
          Counts c = counts.computeIfAbsent(naming.of(method, args), k -> new Counts());
          c.count.increment();
          c.nanos.add(System.nanoTime() - start);
        }
      }
      return wrap == null ? result : wrap.apply(method, args, result);
    };
    return type.cast(Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static final class Counts {
    final LongAdder count = new LongAdder();
    final LongAdder nanos = new LongAdder();
  }
}
