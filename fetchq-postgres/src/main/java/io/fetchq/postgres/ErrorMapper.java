package io.fetchq.postgres;

import io.fetchq.TaskError;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The error log statements; their SQL is in {@code ErrorMapper.xml} beside this interface. */
interface ErrorMapper {

  List<TaskError> errors(
      @Param("queueId") int queueId, @Param("queue") String queue, @Param("subject") String subject, @Param("limit") int limit);

  /** Writes {@code entries} to the queue's error log in one statement. */
  int log(@Param("queueId") int queueId, @Param("entries") List<ErrorEntry> entries);

  int prune(@Param("queueId") int queueId, @Param("queue") String queue, @Param("limit") int limit);
}
