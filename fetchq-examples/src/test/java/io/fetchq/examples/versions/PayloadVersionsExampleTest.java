package io.fetchq.examples.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.examples.support.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PayloadVersionsExampleTest {
  private static final TestSchema schema = new TestSchema("example_versions");

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @Test
  void eachReleasePicksOnlyThePayloadVersionItReads() throws Exception {
    PayloadVersionsExample.Result result = PayloadVersionsExample.run(schema.config(), 4);

    assertThat(result.versionsSeenByOld()).hasSize(4).containsOnly(1);
    assertThat(result.versionsSeenByNew()).hasSize(4).containsOnly(2);
    assertThat(result.oldRelease()).containsEntry("welcome-old-1", "user1@example.com").hasSize(4);
    assertThat(result.newRelease()).containsEntry("welcome-new-2", "User 2 <user2@example.com>").hasSize(4);
  }
}
