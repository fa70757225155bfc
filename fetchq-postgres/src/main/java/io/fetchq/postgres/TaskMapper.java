package io.fetchq.postgres;

import io.fetchq.Task;
import io.fetchq.spi.Lease;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The task statements; their SQL is in {@code TaskMapper.xml} beside this interface. */
interface TaskMapper {

  List<String> push(IncomingTasks tasks);

  List<SubjectRow> upsert(IncomingTasks tasks);

  /** The queue row's current version and the database's time; null when the id is not the name's. */
  RoutedPush.QueueClock queueClock(@Param("queueId") int queueId, @Param("queue") String queue);

  /** Inserts new rows of a routed push; returns those inserted, with their status codes. */
  List<RoutedPush.PushedRow> insertRows(@Param("queueId") int queueId, @Param("rows") List<RoutedPush.NewRow> rows);

  /** Moves one counter slot of the queue by what a routed push or upsert changed. */
  int countWrites(@Param("queueId") int queueId, @Param("slot") int slot,
      @Param("planned") int planned, @Param("pending") int pending,
      @Param("completed") int completed, @Param("killed") int killed, @Param("pushed") int pushed);

  /** Locks the queue's rows of {@code subjects} in subject order; returns their status codes. */
  List<RoutedPush.PushedRow> lockRows(@Param("queueId") int queueId, @Param("subjects") String[] subjects);

  /** Updates existing rows as an upsert does (attempts back to zero). */
  int updateRows(@Param("queueId") int queueId, @Param("rows") RoutedPush.UpdateBatch rows);

  List<Task> get(@Param("queueId") int queueId, @Param("queue") String queue, @Param("subjects") String[] subjects);

  /** One page of a listing, and one task more when another page follows. */
  List<Task> list(TaskListing listing);

  List<String> retry(@Param("queueId") int queueId, @Param("queue") String queue, @Param("subjects") String[] subjects);

  List<String> retryKilled(@Param("queueId") int queueId, @Param("queue") String queue, @Param("limit") int limit);

  List<String> runNow(@Param("queueId") int queueId, @Param("queue") String queue, @Param("subjects") String[] subjects);

  List<CancelRow> cancel(@Param("queueId") int queueId, @Param("queue") String queue,
      @Param("subjects") String[] subjects, @Param("drop") boolean drop);

  /** Picks with lease tokens from the lease sequence (plain PostgreSQL). */
  PickedTasks pick(
      @Param("queueId") int queueId, @Param("queue") String queue,
      @Param("version") Integer version,
      @Param("limit") int limit,
      @Param("lockMs") long lockMs);

  /** Picks with lease tokens numbered from {@code leaseBase}, a block the client took (Citus). */
  PickedTasks pickFromBlock(
      @Param("queueId") int queueId, @Param("queue") String queue,
      @Param("version") Integer version,
      @Param("limit") int limit,
      @Param("lockMs") long lockMs,
      @Param("leaseBase") long leaseBase);

  /** The next value of the lease sequence: one block of lease tokens (LeaseBlocks). */
  long nextLeaseBlock();

  List<SettleRow> settle(SettleBatch batch);

  List<Lease> extend(
      @Param("queueId") int queueId, @Param("queue") String queue,
      @Param("subjects") String[] subjects,
      @Param("leases") Long[] leases,
      @Param("lockMs") long lockMs);

  int promote(@Param("queueId") int queueId, @Param("queue") String queue, @Param("limit") int limit);

  List<OrphanRow> recoverOrphans(@Param("queueId") int queueId, @Param("queue") String queue, @Param("limit") int limit);

  int retire(@Param("queueId") int queueId, @Param("queue") String queue, @Param("limit") int limit);
}
