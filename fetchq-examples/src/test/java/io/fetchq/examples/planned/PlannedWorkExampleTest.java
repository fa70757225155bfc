package io.fetchq.examples.planned;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.examples.support.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PlannedWorkExampleTest {
  private static final TestSchema schema = new TestSchema("example_planned");

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @Test
  void nothingRunsBeforeItsTimeAndEverythingRunsInDueOrder() throws Exception {
    PlannedWorkExample.Result result = PlannedWorkExample.run(schema.config());

    assertThat(result.waitingAtStart().planned()).isEqualTo(3);
    assertThat(result.runs()).extracting(PlannedWorkExample.Run::subject)
        .containsExactly("call-mum", "water-plants", "stand-up", "go-home");
    assertThat(result.runs()).noneMatch(PlannedWorkExample.Run::early);
  }
}
