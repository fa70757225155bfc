package io.fetchq;

import static io.fetchq.RefusedInput.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.spi.TaskCursor;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskFilterTest {

  private static Task task(String subject, Instant next, Instant last) {
    return new Task("q", subject, null, 0, 0, TaskStatus.KILLED, 0, 0, Instant.EPOCH, last, next, 1);
  }

  @Test
  void copiesChangeOneValue() {
    TaskFilter filter = TaskFilter.status(TaskStatus.KILLED).subjectPrefix("hero-").newestFirst().limit(7);

    assertThat(filter).isEqualTo(new TaskFilter(TaskStatus.KILLED, "hero-", TaskFilter.Order.NEWEST_FIRST, null, 7));
    assertThat(filter.isNewestFirst()).isTrue();
    assertThat(filter.oldestFirst().order()).isEqualTo(TaskFilter.Order.OLDEST_FIRST);
    assertThat(TaskFilter.all()).isEqualTo(new TaskFilter(null, null, TaskFilter.Order.OLDEST_FIRST, null, 100));
  }

  @Test
  void refusesBadValues() {
    assertRefused("limit", "between 1 and 1000; was 0", () -> TaskFilter.all().limit(0));
    assertRefused("limit", "was 1001", () -> TaskFilter.all().limit(1001));
    assertRefused("subjectPrefix", "must not be empty", () -> TaskFilter.all().subjectPrefix(""));
    assertRefused("status", "must not be null", () -> TaskFilter.status(null));
    assertRefused("order", "must not be null", () -> new TaskFilter(null, null, null, null, 1));
    assertRefused("after", "must be at most", () -> TaskFilter.all().after("x".repeat(9000)));
  }

  @Test
  void aCursorReadsBackTheLastTaskOfItsListing() {
    Instant last = Instant.parse("2026-12-05T10:15:30.123456Z");
    TaskFilter killed = TaskFilter.status(TaskStatus.KILLED).newestFirst();

    String cursor = TaskCursor.of(killed, task("héros:1", Instant.EPOCH, last));

    assertThat(TaskCursor.read(killed.after(cursor))).isEqualTo(new TaskCursor(0, 0, last, "héros:1"));
    assertThat(cursor).matches("[A-Za-z0-9_-]+");
    String bySubject = TaskCursor.of(TaskFilter.all(), task("a", Instant.EPOCH, null));
    assertThat(TaskCursor.read(TaskFilter.all().subjectPrefix("a").after(bySubject))).isEqualTo(new TaskCursor(0, 0, null, "a"));
    TaskFilter pending = TaskFilter.status(TaskStatus.PENDING);
    Task due = new Task("q", "p", null, 3, -7, TaskStatus.PENDING, 0, 0, Instant.EPOCH, null, last, 0);
    assertThat(TaskCursor.read(pending.after(TaskCursor.of(pending, due))))
        .as("a cursor in pick order carries the version and the priority")
        .isEqualTo(new TaskCursor(3, -7, last, "p"));
    assertThat(TaskCursor.read(killed)).isNull();
  }

  @Test
  void refusesACursorOfAnotherListingOrNoCursorAtAll() {
    TaskFilter killed = TaskFilter.status(TaskStatus.KILLED);
    String cursor = TaskCursor.of(killed, task("a", Instant.EPOCH, Instant.EPOCH));

    assertRefused("after", "another listing", () -> TaskCursor.read(killed.newestFirst().after(cursor)));
    assertRefused("after", "another listing", () -> TaskCursor.read(TaskFilter.status(TaskStatus.PENDING).after(cursor)));
    assertRefused("after", "must be a cursor", () -> TaskCursor.read(killed.after("not a cursor!")));
    assertRefused("after", "must be a cursor", () -> TaskCursor.read(killed.after("MTpLSUxMRUQrOng6YQ")));
  }
}
