package io.fetchq.postgres;

import io.fetchq.QueueNotFoundException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The id of each queue, looked up by name once and then given to every statement of the queue as a
 * bind parameter, so that a distributed PostgreSQL can route the statement by it (see
 * docs/scaling.md). A queue dropped and made again under its name, by this process or another, has
 * a new id: a statement given the old one changes nothing and finds nothing, and {@link #call} then
 * looks the name up again.
 */
final class QueueIds {
  /** Names remembered at most; past it the memory starts again (a lookup per name). */
  private static final int MAX_KNOWN = 10_000;

  private final Function<String, Integer> lookup;
  private final ConcurrentMap<String, Integer> known = new ConcurrentHashMap<>();

  /** Ids looked up with {@code lookup}, which gives null for a queue that does not exist. */
  QueueIds(Function<String, Integer> lookup) {
    this.lookup = lookup;
  }

  /** Ids looked up in the queue table of the mappers that {@code sessions} loaded. */
  static QueueIds over(SqlSessionFactory sessions) {
    return new QueueIds(queue -> {
      try (SqlSession session = sessions.openSession(true)) {
        return session.getMapper(QueueMapper.class).id(queue);
      } catch (RuntimeException e) {
        throw SqlFailures.translate("queueId", e);
      }
    });
  }

  /**
   * Runs {@code statement} with the queue's id. A result that is {@code empty} is also what an id
   * out of date gives; then the name is looked up again, and the statement runs once more when the
   * id changed.
   *
   * @throws QueueNotFoundException when no queue has the name
   */
  <T> T call(String queue, IntFunction<T> statement, Predicate<? super T> empty) {
    int id = id(queue);
    T result = statement.apply(id);
    if (!empty.test(result)) {
      return result;
    }
    int current = lookUp(queue);
    return current == id ? result : statement.apply(current);
  }

  /**
   * The queue's id, remembered or looked up.
   *
   * @throws QueueNotFoundException when no queue has the name
   */
  int id(String queue) {
    Integer id = known.get(queue);
    return id == null ? lookUp(queue) : id;
  }

  /** Forgets the queue's id, for when this process drops the queue or finds its tables gone. */
  void forget(String queue) {
    known.remove(queue);
  }

  private int lookUp(String queue) {
    Integer id = lookup.apply(queue);
    if (id == null) {
      known.remove(queue);
      throw new QueueNotFoundException(queue);
    }
    if (known.size() >= MAX_KNOWN) {
      known.clear();
    }
    known.put(queue, id);
    return id;
  }
}
