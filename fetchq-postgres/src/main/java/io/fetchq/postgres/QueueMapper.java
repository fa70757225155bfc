package io.fetchq.postgres;

import io.fetchq.QueueStats;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The queue statements; their SQL is in {@code QueueMapper.xml} beside this interface. */
interface QueueMapper {

  int create(QueueRow queue);

  int update(QueueRow queue);

  List<QueueRow> list();

  int pause(@Param("queue") String queue, @Param("paused") boolean paused);

  Integer id(@Param("queue") String queue);

  int drop(@Param("queue") String queue);

  long truncate(@Param("queueId") int queueId, @Param("queue") String queue);

  QueueStats stats(@Param("queueId") int queueId, @Param("queue") String queue);
}
