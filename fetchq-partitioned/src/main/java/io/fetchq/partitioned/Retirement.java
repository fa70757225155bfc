package io.fetchq.partitioned;

import io.fetchq.QueueNotFoundException;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retires the finished tasks of a queue, one HASH(subject) leaf per pass: passes go round the
 * leaves, and concurrent passes (from any JVM) take different leaves. A leaf where finished tasks
 * past the retention are few loses them by {@code DELETE}; a leaf where they are at least {@link
 * #REWRITE_SHARE} of its tasks is rewritten instead: the tasks to keep are copied into a new table
 * that takes the old leaf's place, and the old leaf is dropped whole. That costs the rows kept
 * rather than the rows retired, and leaves neither dead rows nor bloated indexes behind; a leaf
 * where every task is due is simply truncated. The share is read from a sample of the pages of a
 * leaf larger than {@link #SAMPLE_PAGES}; what is deleted or kept is always decided row by row.
 *
 * <p>A rewrite holds the queue's partition in ACCESS EXCLUSIVE mode (after the queue's row, the
 * order drop and truncate use) for as long as it copies one leaf: the queue's statements wait,
 * other queues' do not.
 */
final class Retirement {
  private static final Logger LOG = LoggerFactory.getLogger(Retirement.class);

  /** The share of a leaf's tasks due for retirement from which the leaf is rewritten: a quarter. */
  static final int REWRITE_SHARE = 4;
  /**
   * Pages read to choose between deleting and rewriting (about 20,000 tasks): a larger leaf is
   * sampled, since the choice needs a share, not a count.
   */
  static final long SAMPLE_PAGES = 300;
  /** A leaf of a queue, as made by createLeaf or by a split (see docs/scaling.md). */
  static final Pattern LEAF = Pattern.compile("fetchq_pleaf_[0-9]{1,10}_[0-9]{1,5}");
  /** A hash partition bound as PostgreSQL prints it. */
  static final Pattern BOUND = Pattern.compile("FOR VALUES WITH \\(modulus [0-9]{1,5}, remainder [0-9]{1,5}\\)");

  private final SqlSessionFactory sessions;
  private final String schema;

  Retirement(SqlSessionFactory sessions, String schema) {
    this.sessions = sessions;
    this.schema = schema;
  }

  /** One pass over the next leaf of {@code queue}; returns how many tasks it retired. */
  int retire(String queue) {
    RetireTurn turn = run(m -> m.retireTurn(queue));
    if (turn == null) {
      throw new QueueNotFoundException(queue);
    }
    if (!turn.possible()) {
      return 0;
    }
    List<Leaf> leaves = run(m -> m.leaves(schema + ".fetchq_ptask_" + queue));
    if (leaves.isEmpty()) {
      return 0;
    }
    Leaf leaf = leaves.get((int) Math.floorMod(turn.turn(), (long) leaves.size()));
    if (!LEAF.matcher(leaf.name()).matches() || !BOUND.matcher(leaf.bound()).matches()) {
      LOG.warn("partition {}.{} of queue {} ({}) is not a leaf this backend made; not retiring from it",
          schema, leaf.name(), queue, leaf.bound());
      return 0;
    }
    double percent = leaf.pages() <= SAMPLE_PAGES ? 100 : 100.0 * SAMPLE_PAGES / leaf.pages();
    LeafCount seen = run(m -> m.countLeaf(leaf.name(), turn.cutoff(), percent));
    if (percent >= 100 && seen.due() == 0) {
      return 0;
    }
    // the delete finds exactly what is due, none if the sample saw none by chance
    if (seen.total() == 0 || seen.due() * REWRITE_SHARE < seen.total()) {
      return run(m -> m.deleteFinished(leaf.name(), turn.id(), turn.cutoff()));
    }
    return rewrite(queue, leaf, turn);
  }

  /**
   * Copies the tasks to keep into a new table, swaps it in for the leaf and drops the leaf, in one
   * transaction; the counts of what is left out are read under the same lock, so the counters go
   * down by exactly the rows gone.
   */
  private int rewrite(String queue, Leaf leaf, RetireTurn turn) {
    String next = leaf.name() + "_next";
    try (SqlSession session = sessions.openSession(false)) {
      PartitionMapper m = session.getMapper(PartitionMapper.class);
      if (m.lockQueue(queue) == null) {
        throw new QueueNotFoundException(queue);
      }
      m.lockQueueTable(queue);
      LeafCount count = m.countLeaf(leaf.name(), turn.cutoff(), 100);
      if (count.due() > 0 && count.due() == count.total()) {
        m.truncateLeaf(leaf.name());
        m.subtractFinished(turn.id(), count.completed(), count.killed());
      } else if (count.due() > 0) {
        m.createLeafCopy(leaf.name(), next);
        m.copyKeptTasks(leaf.name(), next, turn.cutoff());
        m.detachLeaf(queue, leaf.name());
        m.dropTable(leaf.name());
        m.renameTable(next, leaf.name());
        m.attachLeaf(queue, leaf.name(), leaf.bound());
        m.subtractFinished(turn.id(), count.completed(), count.killed());
      }
      session.commit(true);
      if (count.due() > 0) {
        run(a -> a.analyze(leaf.name()));
        LOG.info("retired {} finished tasks of queue {} by rewriting or truncating {}.{} ({} tasks kept)",
            count.due(), queue, schema, leaf.name(), count.total() - count.due());
      }
      return Math.toIntExact(count.due());
    }
  }

  private <T> T run(Function<PartitionMapper, T> statement) {
    try (SqlSession session = sessions.openSession(true)) {
      return statement.apply(session.getMapper(PartitionMapper.class));
    }
  }
}
