package io.fetchq.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.QueueNotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How queue ids are remembered and looked up again; the database side is in the conformance suite. */
class QueueIdsTest {
  private final Map<String, Integer> table = new HashMap<>();
  private final List<String> lookups = new ArrayList<>();
  private final QueueIds ids = new QueueIds(name -> {
    lookups.add(name);
    return table.get(name);
  });

  @Test
  void looksAQueueUpOnceWhileItsStatementsFindSomething() {
    table.put("q", 7);
    List<Integer> given = new ArrayList<>();

    for (int i = 0; i < 3; i++) {
      String result = ids.call("q", id -> { given.add(id); return "found"; }, String::isEmpty);
      assertThat(result).isEqualTo("found");
    }

    assertThat(given).containsExactly(7, 7, 7);
    assertThat(lookups).containsExactly("q");
  }

  @Test
  void anEmptyResultUnderTheSameIdIsTheResult() {
    table.put("q", 7);
    List<Integer> given = new ArrayList<>();

    String result = ids.call("q", id -> { given.add(id); return ""; }, String::isEmpty);

    assertThat(result).isEmpty();

    assertThat(given).containsExactly(7);
    assertThat(lookups).containsExactly("q", "q");
  }

  @Test
  void aQueueMadeAgainUnderItsNameRunsTheStatementOnceMoreWithTheNewId() {
    table.put("q", 7);
    ids.id("q");
    table.put("q", 8);
    List<Integer> given = new ArrayList<>();

    String result = ids.call("q", id -> { given.add(id); return id == 8 ? "new" : ""; }, String::isEmpty);

    assertThat(result).isEqualTo("new");
    assertThat(given).containsExactly(7, 8);
    assertThat(ids.id("q")).isEqualTo(8);
    assertThat(lookups).containsExactly("q", "q");
  }

  @Test
  void aQueueGoneThrowsAndIsForgotten() {
    table.put("q", 7);
    ids.id("q");
    table.remove("q");

    assertThatThrownBy(() -> ids.call("q", id -> Optional.empty(), Optional::isEmpty))
        .isInstanceOfSatisfying(QueueNotFoundException.class, e -> assertThat(e.queue()).isEqualTo("q"));
    table.put("q", 9);
    assertThat(ids.id("q")).isEqualTo(9);
  }

  @Test
  void anUnknownQueueThrowsBeforeAnyStatementRuns() {
    assertThatThrownBy(() -> ids.call("never", id -> { throw new AssertionError("ran"); }, x -> true))
        .isInstanceOf(QueueNotFoundException.class);
  }

  @Test
  void forgetMakesTheNextCallLookUpAgain() {
    table.put("q", 7);
    ids.id("q");
    ids.forget("q");
    ids.id("q");

    assertThat(lookups).containsExactly("q", "q");
  }
}
