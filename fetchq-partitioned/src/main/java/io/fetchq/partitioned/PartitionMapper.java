package io.fetchq.partitioned;

import io.fetchq.TaskError;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/**
 * The statements of the partitioned layout that the postgres backend does not have; their SQL is
 * in {@code PartitionMapper.xml} beside this interface. Identifiers passed here are checked by the
 * caller (see the file's header).
 */
interface PartitionMapper {

  // ---------------------------------------------------------------- queues

  CreatedQueue insertQueue(
      @Param("name") String name,
      @Param("maxAttempts") int maxAttempts,
      @Param("lockMs") long lockMs,
      @Param("errorRetentionMs") long errorRetentionMs,
      @Param("currentVersion") int currentVersion,
      @Param("notifications") boolean notifications,
      @Param("finishedRetentionMs") long finishedRetentionMs,
      @Param("maxActive") int maxActive);

  void createQueueTable(@Param("queue") String queue, @Param("id") int id);

  void createLeaf(
      @Param("queue") String queue,
      @Param("id") int id,
      @Param("modulus") int modulus,
      @Param("remainder") int remainder);

  void attachQueueTable(@Param("queue") String queue, @Param("id") int id);

  Integer lockQueue(@Param("queue") String queue);

  void renameQueueTable(@Param("queue") String queue, @Param("id") int id);

  void deleteQueue(@Param("id") int id);

  void lockQueueTable(@Param("queue") String queue);

  long countTasks(@Param("id") int id);

  void truncateQueueTable(@Param("queue") String queue);

  void resetQueue(@Param("id") int id);

  // ---------------------------------------------------------------- retiring finished tasks

  RetireTurn retireTurn(@Param("queue") String queue);

  List<Leaf> leaves(@Param("parent") String qualifiedParent);

  LeafCount countLeaf(@Param("table") String leaf, @Param("cutoff") Instant cutoff, @Param("percent") double percent);

  int deleteFinished(@Param("table") String leaf, @Param("id") int id, @Param("cutoff") Instant cutoff);

  void truncateLeaf(@Param("table") String leaf);

  void createLeafCopy(@Param("table") String leaf, @Param("next") String next);

  void copyKeptTasks(@Param("table") String leaf, @Param("next") String next, @Param("cutoff") Instant cutoff);

  void detachLeaf(@Param("queue") String queue, @Param("table") String leaf);

  void renameTable(@Param("table") String table, @Param("to") String to);

  void attachLeaf(@Param("queue") String queue, @Param("table") String leaf, @Param("bound") String bound);

  void subtractFinished(@Param("id") int id, @Param("completed") long completed, @Param("killed") long killed);

  int analyze(@Param("table") String table);

  // ---------------------------------------------------------------- error log

  List<TaskError> errors(
      @Param("queueId") int queueId,
      @Param("queue") String queue,
      @Param("subject") String subject,
      @Param("limit") int limit);

  int prune(@Param("queueId") int queueId, @Param("queue") String queue, @Param("limit") int limit);

  List<ErrorDay> errorDays(@Param("parent") String qualifiedParent);

  LocalDate today();

  void createErrorDay(@Param("table") String table, @Param("from") String from, @Param("to") String to);

  int countErrors(@Param("table") String table, @Param("queue") String queue);

  // ---------------------------------------------------------------- retiring partitions

  List<String> droppedQueueTables(@Param("schema") String schema);

  String partitionState(@Param("table") String qualifiedTable);

  void detachConcurrently(@Param("parent") String parent, @Param("table") String table);

  void detachFinalize(@Param("parent") String parent, @Param("table") String table);

  void dropTable(@Param("table") String table);

  int takeLease(@Param("holder") String holder, @Param("ms") long ms);

  int giveBackLease(@Param("holder") String holder);
}
