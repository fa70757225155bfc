package io.fetchq.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.ibatis.mapping.SqlSource;
import org.apache.ibatis.scripting.xmltags.DynamicSqlSource;
import org.apache.ibatis.session.Configuration;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The statements on the paths every task takes (push, upsert, pick, settle, extend, stats) are
 * static SQL: MyBatis parses their text once, at load. A statement with a dynamic element
 * ({@code <if>}, {@code <choose>}) is rendered and parsed again on every call: for the push that
 * was about 30 KB of garbage and a tenth of a millisecond of one core per task.
 */
class StaticStatementsTest {
  private static final List<String> HOT = List.of("TaskMapper.push", "TaskMapper.upsert", "TaskMapper.pick",
      "TaskMapper.pickFromBlock", "TaskMapper.settle", "TaskMapper.extend", "TaskMapper.get", "QueueMapper.stats");

  @Test
  void hotStatementsAreParsedOnceAtLoad() {
    Configuration configuration =
        PostgresStorageProvider.sessions(new PGSimpleDataSource(), "fetchq", new PlainLayout()).getConfiguration();
    for (String id : HOT) {
      SqlSource source = configuration.getMappedStatement("io.fetchq.postgres." + id).getSqlSource();
      assertThat(source).as("%s is static SQL", id).isNotInstanceOf(DynamicSqlSource.class);
    }
  }
}
