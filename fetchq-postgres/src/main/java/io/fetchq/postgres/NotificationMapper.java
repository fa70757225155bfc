package io.fetchq.postgres;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The wake-up statement; its SQL is in {@code NotificationMapper.xml} beside this interface. */
interface NotificationMapper {

  List<String> send(@Param("queues") String[] queues);
}
