package io.fetchq.examples.priorities;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.examples.support.TestSchema;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PrioritiesExampleTest {
  private static final TestSchema schema = new TestSchema("example_priorities");

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @Test
  void runsTheHighestPriorityFirst() throws Exception {
    List<PrioritiesExample.Handled> order = PrioritiesExample.run(schema.config(), 3);

    assertThat(order).hasSize(12);
    assertThat(order).extracting(PrioritiesExample.Handled::priority)
        .isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(order.get(0).subject()).startsWith("password-reset-");
    assertThat(order.get(11).subject()).startsWith("newsletter-");
  }
}
