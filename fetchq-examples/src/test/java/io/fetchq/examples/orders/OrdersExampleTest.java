package io.fetchq.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.TaskStatus;
import io.fetchq.examples.support.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class OrdersExampleTest {
  private static final TestSchema schema = new TestSchema("example_orders");

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @Test
  void eachOrderAndItsTaskCommitTogetherAndEachConfirmationCompletesItsTaskOnce() throws Exception {
    OrdersExample.Result result = OrdersExample.run(schema.config());

    assertThat(result.orders()).containsExactly("o-1001", "o-1002", "o-1004");
    assertThat(result.refused()).containsExactly("o-1003");
    assertThat(result.statuses()).as("no task for the refused order")
        .containsOnlyKeys("o-1001", "o-1002", "o-1004")
        .allSatisfy((id, status) -> assertThat(status).isEqualTo(TaskStatus.COMPLETED));
    assertThat(result.confirmed()).containsExactly("o-1001", "o-1002", "o-1004");
    assertThat(result.stats().pushed()).isEqualTo(3);
    assertThat(result.stats().processed()).isEqualTo(3);
    assertThat(result.stats().errors()).isZero();
  }
}
