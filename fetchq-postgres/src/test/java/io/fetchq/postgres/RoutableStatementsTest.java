package io.fetchq.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The statements of one queue stay routable by a distributed PostgreSQL (docs/scaling.md, Citus):
 * every task, counter and error row they read or change is found by {@code queue_id = #{queueId}},
 * a bind parameter, never through a subquery on the queue table; the queue table, a reference table
 * there, is read by id and name together.
 */
class RoutableStatementsTest {
  private static final Pattern STATEMENT =
      Pattern.compile("<(select|update|insert|delete|sql) id=\"(\\w+)\"[^>]*>(.*?)</\\1>", Pattern.DOTALL);
  private static final Pattern DISTRIBUTED_TABLE = Pattern.compile(
      "(?:FROM|JOIN|UPDATE|DELETE FROM)\\s+\\$\\{schema\\}\\.\\$\\{(?:taskTable|counterTable|errorTable)\\}\\s+(\\w+)");

  @Test
  void everyTaskStatementFindsItsRowsByTheQueueIdBind() throws IOException {
    Map<String, String> statements = statements("TaskMapper.xml");
    statements.putAll(statements("ErrorMapper.xml"));
    statements.put("stats", statements("QueueMapper.xml").get("stats"));
    assertThat(statements).containsKeys("push", "upsert", "get", "list", "pick", "pickFromBlock", "pickStatement", "settle", "extend",
        "promote", "recoverOrphans", "retire", "errors", "prune", "stats");

    statements.forEach((id, sql) -> {
      assertThat(sql).as("%s finds the queue id by a subquery", id).doesNotContainPattern("\\(\\s*SELECT\\s+id\\b");
      assertThat(sql.replaceAll("(\\w+\\.)?id = #\\{queueId\\} AND (\\w+\\.)?name = #\\{queue\\}", ""))
          .as("%s reads the queue row by name alone", id)
          .doesNotContain("name = #{queue}");
      Matcher tables = DISTRIBUTED_TABLE.matcher(sql);
      int references = 0;
      while (tables.find()) {
        references++;
        assertThat(sql).as("%s filters %s by the queue id bind", id, tables.group())
            .contains(tables.group(1) + ".queue_id = #{queueId}");
      }
      assertThat(count(sql, "queue_id = #{queueId}"))
          .as("%s: filters by the queue id bind, against its %s reads and changes of queue rows", id, references)
          .isGreaterThanOrEqualTo(references);
    });
  }

  private static Map<String, String> statements(String file) throws IOException {
    try (InputStream in = RoutableStatementsTest.class.getResourceAsStream(file)) {
      assertThat(in).as(file).isNotNull();
      String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> byId = new LinkedHashMap<>();
      Matcher m = STATEMENT.matcher(xml);
      while (m.find()) {
        byId.put(m.group(2), m.group(3));
      }
      return byId;
    }
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
