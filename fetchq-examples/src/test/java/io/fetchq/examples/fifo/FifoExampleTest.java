package io.fetchq.examples.fifo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.examples.support.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class FifoExampleTest {
  private static final TestSchema schema = new TestSchema("example_fifo");

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @Test
  void drainsMessagesInTheOrderTheyWereAppendedAndLeavesNothingBehind() throws Exception {
    FifoExample.Result result = FifoExample.run(schema.config(), 30);

    assertThat(result.handled()).containsExactlyElementsOf(result.appended()).hasSize(30);
    assertThat(result.after().total()).isZero();
    assertThat(result.after().pushed()).isEqualTo(30);
  }
}
