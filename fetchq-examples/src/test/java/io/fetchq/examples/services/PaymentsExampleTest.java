package io.fetchq.examples.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.TaskStatus;
import io.fetchq.examples.support.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PaymentsExampleTest {
  private static final TestSchema schema = new TestSchema("example_payments");

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @Test
  void chargesInItsOwnTransactionThroughTheServicesAndRollsBackWhatFails() throws Exception {
    PaymentsExample.Result result = PaymentsExample.run(schema.config());

    assertThat(result.balance()).isEqualTo(100 - 5 - 30 - 25 - 15);
    assertThat(result.payments()).isEqualTo(4);
    assertThat(result.receipts()).hasSize(4).anyMatch(r -> r.startsWith("coffee: 5"));
    assertThat(result.statuses()).containsEntry("new-car", TaskStatus.KILLED)
        .containsEntry("coffee", TaskStatus.COMPLETED).containsEntry("lunch", TaskStatus.COMPLETED);
    assertThat(result.errors()).hasSize(2)
        .allSatisfy(e -> {
          assertThat(e.subject()).isEqualTo("new-car");
          assertThat(e.message()).contains("check constraint");
        });
  }
}
