package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.TaskError;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.ExtendRequest;
import io.fetchq.spi.CancelRequest;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.QueueInfo;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.TaskQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.concurrent.Callable;
import java.nio.charset.StandardCharsets;

/**
 * Bad input: every malformed queue name, subject, payload, duration, version, priority, batch,
 * lease and null is refused with an {@link InvalidArgumentException} naming the field and the rule,
 * and the stored data stays exactly as it was. Hostile but valid input (quotes, semicolons,
 * backslashes, dollar quotes, SQL, emoji, CJK, right-to-left text, reserved words as queue names)
 * is stored and returned byte for byte and never executed. For a backend that needs a database, a
 * sentinel table named in the hostile input must survive it; one that needs none has no SQL to
 * run, and the checks that stored data stayed as it was stand alone.
 */
abstract class BadInputConformance extends StorageConformance {

  /** The queue whose data every refused call must leave as it was. */
  private static final String VICTIM = "victim";
  private static final String SENTINEL = "x";

  @BeforeAll
  final void fillVictimAndSentinel() throws SQLException {
    assertThat(storage.createQueue(VICTIM, QueueOptions.defaults().maxAttempts(3))).isTrue();
    oneTaskInEachStatus(VICTIM);
    push(VICTIM, NewTask.of("failed").priority(10));
    settleApplied(VICTIM, Outcome.reject(Lease.of(pickOnly(VICTIM, "failed")), "failed once", "{\"n\":1}", Duration.ofHours(1)));
    if (!needsDatabase()) {
      return; // no database, so no table to name in hostile input
    }
    try (Connection c = connection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE \"" + schema + "\"." + SENTINEL + " (id int)");
    }
  }

  @AfterAll
  final void sentinelSurvived() throws SQLException {
    if (storage == null) {
      return; // never opened: the failure or skip of opening is the report
    }
    if (!needsDatabase()) {
      return; // no sentinel was made
    }
    assertThat(sentinelExists()).as("table %s.%s, named in hostile input, still exists", schema, SENTINEL).isTrue();
  }

  private boolean sentinelExists() throws SQLException {
    try (Connection c = connection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT to_regclass('\"" + schema + "\"." + SENTINEL + "') IS NOT NULL")) {
      r.next();
      return r.getBoolean(1);
    }
  }

  /** Everything a refused call could have changed. */
  private record Snapshot(List<Task> tasks, QueueStats stats, List<TaskError> errors, List<QueueInfo> queues) {}

  private Snapshot snapshot() {
    return new Snapshot(allTasks(VICTIM), stats(VICTIM), errors(VICTIM), storage.queues());
  }

  /** The call throws an InvalidArgumentException naming one of {@code fields}, and nothing changed. */
  private void assertRefused(ThrowingCallable call, String... fields) {
    Snapshot before = snapshot();
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
          assertThat(e.field()).as("field()").isIn((Object[]) fields);
          assertThat(e.rule()).as("rule()").isNotBlank();
          assertThat(e.getMessage()).as("message").startsWith(e.field() + ": ").contains(e.rule());
        });
    assertThat(snapshot()).as("stored data after a refused call").isEqualTo(before);
  }

  private static NewTask ok() {
    return NewTask.of("fine");
  }

  private static Lease aLease() {
    return new Lease("fine", 1);
  }

  // ---------------------------------------------------------------- queue names

  static Stream<String> badQueueNames() {
    return Stream.of("", "Upper", "1abc", "a-b", "a b", "a;drop table x", "_abc", "q\u00e9", "q\0",
        "a".repeat(41), " q", "q ", "\"q\"", "q'", "victim;", null);
  }

  @ParameterizedTest
  @MethodSource("badQueueNames")
  void aBadQueueNameIsRefusedByEveryRequest(String name) {
    assertRefused(() -> storage.push(new PushRequest(name, List.of(ok()))), "queue");
    assertRefused(() -> storage.upsert(new PushRequest(name, List.of(ok()))), "queue");
    assertRefused(() -> storage.get(new SubjectsRequest(name, List.of("fine"))), "queue");
    assertRefused(() -> storage.list(new TaskQuery(name, TaskFilter.all())), "queue");
    assertRefused(() -> storage.retry(new SubjectsRequest(name, List.of("fine"))), "queue");
    assertRefused(() -> storage.retryKilled(name, 10), "queue");
    assertRefused(() -> storage.runNow(new SubjectsRequest(name, List.of("fine"))), "queue");
    assertRefused(() -> storage.cancel(new CancelRequest(name, List.of("fine"), "why", false)), "queue");
    assertRefused(() -> storage.pause(name, true), "queue");
    assertRefused(() -> storage.pick(new PickRequest(name, null, 1, LONG_LOCK)), "queue");
    assertRefused(() -> storage.settle(new SettleRequest(name, List.of(Outcome.complete(aLease())))), "queue");
    assertRefused(() -> storage.extend(new ExtendRequest(name, List.of(aLease()), LONG_LOCK)), "queue");
    assertRefused(() -> storage.maintain(MaintenanceRequest.all(name, 10)), "queue");
    assertRefused(() -> storage.errors(ErrorQuery.of(name, 10)), "queue");
  }

  @ParameterizedTest
  @MethodSource("badQueueNames")
  void aBadQueueNameIsRefusedByTheStorageItself(String name) {
    assertRefused(() -> storage.createQueue(name, QueueOptions.defaults()), "queue", "name");
    assertRefused(() -> storage.updateQueue(name, QueueOptions.defaults()), "queue", "name");
    assertRefused(() -> storage.dropQueue(name), "queue", "name");
    assertRefused(() -> storage.truncateQueue(name), "queue", "name");
    assertRefused(() -> storage.stats(name), "queue", "name");
  }

  @Test
  void thePlainQueueArgumentsOfTheBriefAreRefused() {
    assertRefused(() -> storage.stats("Bad"), "queue", "name");
    assertRefused(() -> storage.createQueue("a b", QueueOptions.defaults()), "queue", "name");
    assertRefused(() -> storage.dropQueue(null), "queue", "name");
    assertThat(storage.queues()).extracting(QueueInfo::name).doesNotContain("a b", "Bad", "bad");
  }

  @Test
  void missingQueueOptionsAreRefused() {
    assertRefused(() -> storage.createQueue("no_options", null), "options");
    assertRefused(() -> storage.updateQueue(VICTIM, null), "options");
    assertThat(storage.queues()).extracting(QueueInfo::name).doesNotContain("no_options");
  }

  @Test
  void badQueueOptionsAreRefused() {
    assertRefused(() -> storage.createQueue("bad_opts", QueueOptions.defaults().maxAttempts(0)), "maxAttempts");
    assertRefused(() -> storage.createQueue("bad_opts", QueueOptions.defaults().maxAttempts(1_000_001)), "maxAttempts");
    assertRefused(() -> storage.createQueue("bad_opts", QueueOptions.defaults().lock(Duration.ZERO)), "lock");
    assertRefused(() -> storage.createQueue("bad_opts", QueueOptions.defaults().lock(Duration.ofDays(8))), "lock");
    assertRefused(() -> storage.createQueue("bad_opts", QueueOptions.defaults().errorRetention(Duration.ofMillis(-1))), "errorRetention");
    assertRefused(() -> storage.updateQueue(VICTIM, QueueOptions.defaults().currentVersion(-1)), "currentVersion");
    assertRefused(() -> storage.updateQueue(VICTIM, QueueOptions.defaults().currentVersion(32768)), "currentVersion");
  }

  // ---------------------------------------------------------------- tasks

  static Stream<String> badSubjects() {
    return Stream.of("", "x".repeat(2049), "\u00e9".repeat(1025), "\u4e2d".repeat(683), "\ud83d\ude00".repeat(513),
        "a\0b", "\0", "\ud800", "a\udc00b", "\ude00\ud83d", null);
  }

  @ParameterizedTest
  @MethodSource("badSubjects")
  void aBadSubjectIsRefusedEverywhere(String subject) {
    assertRefused(() -> push(VICTIM, NewTask.of(subject)), "subject");
    assertRefused(() -> storage.upsert(PushRequest.of(VICTIM, NewTask.of(subject))), "subject");
    assertRefused(() -> storage.get(new SubjectsRequest(VICTIM, Collections.singletonList(subject))), "subjects");
    assertRefused(() -> settle(VICTIM, Outcome.complete(new Lease(subject, 1))), "subject");
    assertRefused(() -> storage.extend(new ExtendRequest(VICTIM, List.of(new Lease(subject, 1)), LONG_LOCK)), "subject");
    if (subject != null) {
      assertRefused(() -> storage.list(new TaskQuery(VICTIM, TaskFilter.all().subjectPrefix(subject))), "subjectPrefix");
      assertRefused(() -> storage.retry(new SubjectsRequest(VICTIM, List.of(subject))), "subjects");
      assertRefused(() -> storage.runNow(new SubjectsRequest(VICTIM, List.of(subject))), "subjects");
      assertRefused(() -> storage.cancel(new CancelRequest(VICTIM, List.of(subject), "why", true)), "subjects");
      assertRefused(() -> storage.list(new TaskQuery(VICTIM, TaskFilter.all().after(subject))), "after");
      assertRefused(() -> storage.errors(new ErrorQuery(VICTIM, subject, 10)), "subject");
    }
  }

  static Stream<String> notJson() {
    return Stream.of("", " ", "{", "}", "{'a':1}", "[1,]", "nan", "NaN", "Infinity", "{} x", "{}{}", "01",
        "1.", ".5", "+1", "tru", "\"unterminated", "\"tab\tinside\"", "{\"a\":1,}", "{a:1}", "'single'",
        "\"bad \\x escape\"", "[1] // comment", "undefined");
  }

  @ParameterizedTest
  @MethodSource("notJson")
  void aPayloadThatIsNotJsonIsRefused(String payload) {
    assertRefused(() -> push(VICTIM, NewTask.of("fine").payload(payload)), "payload");
    assertRefused(() -> storage.upsert(PushRequest.of(VICTIM, NewTask.of("pending").payload(payload))), "payload");
    assertRefused(() -> settle(VICTIM, Outcome.complete(aLease(), payload)), "payload");
    assertRefused(() -> settle(VICTIM, Outcome.reject(aLease(), "m", payload, Duration.ZERO)), "details");
    assertRefused(() -> settle(VICTIM, Outcome.kill(aLease(), "m", payload)), "details");
  }

  @Test
  void outOfRangeTaskFieldsAreRefused() {
    assertRefused(() -> push(VICTIM, ok().version(-1)), "version");
    assertRefused(() -> push(VICTIM, ok().version(32768)), "version");
    assertRefused(() -> push(VICTIM, ok().priority(40000)), "priority");
    assertRefused(() -> push(VICTIM, ok().priority(-40000)), "priority");
    assertRefused(() -> push(VICTIM, ok().in(Duration.ofMillis(-1))), "delay");
    assertRefused(() -> push(VICTIM, ok().in(Duration.ofDays(36_501))), "delay");
    assertRefused(() -> push(VICTIM, ok().in(null)), "delay");
    assertRefused(() -> push(VICTIM, ok().at(null)), "dueAt");
    assertRefused(() -> push(VICTIM, ok().at(Instant.parse("+10000-01-01T00:00:00Z"))), "dueAt");
    assertRefused(() -> push(VICTIM, ok().at(Instant.parse("1969-12-31T23:59:59Z"))), "dueAt");
    assertRefused(() -> push(VICTIM, new NewTask("fine", null, null, 0, Instant.now(), Duration.ZERO)), "dueAt");
  }

  @Test
  void badBatchesAreRefused() {
    List<NewTask> tooMany = new ArrayList<>(50_001);
    for (int i = 0; i < 50_001; i++) {
      tooMany.add(NewTask.of("t" + i));
    }
    List<NewTask> withNull = new ArrayList<>(List.of(ok()));
    withNull.add(null);

    assertRefused(() -> storage.push(new PushRequest(VICTIM, List.of())), "tasks");
    assertRefused(() -> storage.push(new PushRequest(VICTIM, null)), "tasks");
    assertRefused(() -> storage.push(new PushRequest(VICTIM, withNull)), "tasks");
    assertRefused(() -> storage.push(new PushRequest(VICTIM, tooMany)), "tasks");
    assertRefused(() -> storage.upsert(new PushRequest(VICTIM, tooMany)), "tasks");
    assertRefused(() -> storage.get(new SubjectsRequest(VICTIM, List.of())), "subjects");
    assertRefused(() -> storage.extend(new ExtendRequest(VICTIM, List.of(), LONG_LOCK)), "leases");
    assertRefused(() -> storage.settle(new SettleRequest(VICTIM, List.of())), "outcomes");
    assertRefused(() -> storage.settle(new SettleRequest(VICTIM, null)), "outcomes");
    assertThat(find(VICTIM, "t0")).isEmpty();
  }

  @Test
  void badPickRequestsAreRefused() {
    assertRefused(() -> storage.pick(new PickRequest(VICTIM, null, 1, Duration.ofMillis(-1))), "lock");
    assertRefused(() -> storage.pick(new PickRequest(VICTIM, null, 1, Duration.ZERO)), "lock");
    assertRefused(() -> storage.pick(new PickRequest(VICTIM, null, 1, Duration.ofDays(7).plusMillis(1))), "lock");
    assertRefused(() -> storage.pick(new PickRequest(VICTIM, null, 1, null)), "lock");
    assertRefused(() -> storage.pick(new PickRequest(VICTIM, null, 0, LONG_LOCK)), "limit");
    assertRefused(() -> storage.pick(new PickRequest(VICTIM, null, 50_001, LONG_LOCK)), "limit");
    assertRefused(() -> storage.pick(new PickRequest(VICTIM, -1, 1, LONG_LOCK)), "version");
    assertRefused(() -> storage.pick(new PickRequest(VICTIM, 32768, 1, LONG_LOCK)), "version");
  }

  @Test
  void badOutcomesAreRefused() {
    Lease lease = aLease();
    assertRefused(() -> new Lease("fine", 0), "lease");
    assertRefused(() -> settle(VICTIM, Outcome.complete(new Lease("fine", -5))), "lease");
    assertRefused(() -> settle(VICTIM, Outcome.complete(lease), Outcome.kill(new Lease("fine", 2))), "outcomes");
    assertRefused(() -> settle(VICTIM, Outcome.reschedule(lease, Duration.ofSeconds(-1))), "delay");
    assertRefused(() -> settle(VICTIM, Outcome.reschedule(lease, (Duration) null)), "delay");
    assertRefused(() -> settle(VICTIM, Outcome.reschedule(lease, Instant.parse("+10000-01-01T00:00:00Z"))), "at");
    assertRefused(() -> settle(VICTIM, Outcome.reject(lease, null, null, Duration.ZERO)), "message");
    assertRefused(() -> settle(VICTIM, Outcome.reject(lease, "m", null, null)), "retryDelay");
    assertRefused(() -> settle(VICTIM, Outcome.reject(lease, "m", null, Duration.ofMillis(-1))), "delay");
    assertRefused(() -> settle(VICTIM, Outcome.reject(lease, "a\0b", null, Duration.ZERO)), "message");
    assertRefused(() -> settle(VICTIM, Outcome.reject(lease, "m".repeat(8193), null, Duration.ZERO)), "message");
    assertRefused(() -> settle(VICTIM, Outcome.drop(lease).withPayload("{}")), "payload");
    assertRefused(() -> settle(VICTIM, Outcome.release(lease).withPayload("{}")), "payload");
    assertRefused(() -> settle(VICTIM, Outcome.complete(null)), "lease");
  }

  @Test
  void badReadsAndMaintenanceRequestsAreRefused() {
    assertRefused(() -> storage.list(new TaskQuery(VICTIM, TaskFilter.all().limit(0))), "limit");
    assertRefused(() -> storage.retryKilled(VICTIM, 0), "limit");
    assertRefused(() -> storage.retryKilled(VICTIM, 50_001), "limit");
    assertRefused(() -> storage.cancel(new CancelRequest(VICTIM, List.of("a"), "", true)), "reason");
    assertRefused(() -> storage.list(new TaskQuery(VICTIM, TaskFilter.all().limit(TaskFilter.MAX_PAGE + 1))), "limit");
    assertRefused(() -> storage.errors(new ErrorQuery(VICTIM, null, 0)), "limit");
    assertRefused(() -> storage.maintain(new MaintenanceRequest(VICTIM, null, 10)), "jobs");
    assertRefused(() -> storage.maintain(new MaintenanceRequest(VICTIM, EnumSet.allOf(MaintenanceRequest.Job.class), 0)), "limit");
    assertRefused(() -> storage.extend(new ExtendRequest(VICTIM, List.of(aLease()), Duration.ZERO)), "lock");
    assertRefused(() -> storage.extend(new ExtendRequest(VICTIM, List.of(aLease()), Duration.ofDays(8))), "lock");
  }

  @Test
  void nullRequestsAreRefused() {
    List<ThrowingCallable> calls = List.of(
        () -> storage.push(null), () -> storage.upsert(null), () -> storage.get(null),
        () -> storage.list(null), () -> storage.pick(null), () -> storage.settle(null),
        () -> storage.extend(null), () -> storage.maintain(null), () -> storage.errors(null));
    for (int i = 0; i < calls.size(); i++) {
      Snapshot before = snapshot();
      assertThatThrownBy(calls.get(i)).as("call %s with a null request", i).isInstanceOf(IllegalArgumentException.class);
      assertThat(snapshot()).isEqualTo(before);
    }
  }

  // ---------------------------------------------------------------- hostile but valid input

  private static final List<String> HOSTILE_SUBJECTS = List.of(
      "'", "''", "\"", "\\", "\\\\'", ";", "a;b", "'); DROP TABLE x; --", "\"; DROP TABLE x; --",
      "' OR '1'='1", "$$", "$$; DROP TABLE x; $$", "$tag$ x $tag$", "%", "_", "a%", "a_", "*", "?", "\\N",
      "NULL", "null", "DEFAULT", "select", "\ud83d\ude00", "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67",
      "\u4e2d\u6587\u4e3b\u9898", "\u05e2\u05d1\u05e8\u05d9\u05ea \u202e reversed",
      "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "e\u0301", "\u00e9", "same", "same ", " same", "SAME",
      "tab\there", "line\nbreak", "cr\rhere", "\u200b", "\u00a0", "\ufeffbom", "a\u0001b", "{\"json\":1}");

  private static final List<String> HOSTILE_PAYLOADS = List.of(
      "{\"b\":1,\"a\":2}", "{ \"a\" : 1 ,\n\t\"b\" : [ 1 , 2 ] }", "{\"a\":1,\"a\":2}", "null", "true", "0",
      "-0", "1.50", "1e3", "1E+3", "-1.0e-10", "12345678901234567890123456789", "\"just a string\"", "[]", "{}",
      "  {\"padded\":true}  ", "\"'); DROP TABLE x; --\"", "{\"sql\":\"'); DROP TABLE x; --\",\"q\":\"\\\"\"}",
      "{\"dollar\":\"$$ $tag$\"}", "{\"back\":\"\\\\ \\/ \\b\\f\\n\\r\\t\"}", "{\"u\":\"\\u00e9\\ud83d\\ude00\"}",
      "{\"raw\":\"\u00e9\ud83d\ude00\u4e2d\u6587\u05e2\u05d1\u05e8\u05d9\u05ea\"}", "[[[[[[[[[[1]]]]]]]]]]",
      "{\"semicolon\":\";\",\"quote\":\"'\"}");

  @Test
  void hostileSubjectsAreStoredAndReturnedByteForByte() {
    String queue = newQueue();
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < HOSTILE_SUBJECTS.size(); i++) {
      tasks.add(NewTask.of(HOSTILE_SUBJECTS.get(i)).payload("{\"i\":" + i + "}"));
    }

    assertThat(push(queue, tasks).added()).containsExactlyInAnyOrderElementsOf(HOSTILE_SUBJECTS);

    for (int i = 0; i < HOSTILE_SUBJECTS.size(); i++) {
      String subject = HOSTILE_SUBJECTS.get(i);
      assertThat(task(queue, subject).subject()).isEqualTo(subject);
      assertThat(task(queue, subject).payload()).as("payload of subject #%s", i).isEqualTo("{\"i\":" + i + "}");
    }
    assertThat(storage.get(new SubjectsRequest(queue, HOSTILE_SUBJECTS))).extracting(Task::subject)
        .containsExactlyInAnyOrderElementsOf(HOSTILE_SUBJECTS);
    assertThat(pagedInSmallPages(queue)).containsExactlyInAnyOrderElementsOf(HOSTILE_SUBJECTS);
    assertThat(push(queue, tasks).added()).as("pushed again").isEmpty();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void hostileSubjectsWorkThroughPickSettleAndTheErrorLog() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(5));
    push(queue, HOSTILE_SUBJECTS.stream().map(NewTask::of).toList());
    List<Task> held = pick(queue, 1000);
    assertThat(held).extracting(Task::subject).containsExactlyInAnyOrderElementsOf(HOSTILE_SUBJECTS);

    List<Outcome> outcomes = held.stream()
        .map(t -> Outcome.reject(Lease.of(t), "failed: " + t.subject(), null, Duration.ofHours(1))).toList();
    assertThat(settle(queue, outcomes).applied()).isEqualTo(HOSTILE_SUBJECTS.size());

    for (String subject : HOSTILE_SUBJECTS) {
      assertThat(storage.errors(new ErrorQuery(queue, subject, 10)))
          .as("errors of subject %s", subject)
          .extracting(TaskError::subject, TaskError::message)
          .containsExactly(tuple(subject, "failed: " + subject));
    }
    assertThat(storage.extend(new ExtendRequest(queue, held.stream().map(Lease::of).toList(), LONG_LOCK))).isEmpty();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void hostilePayloadsAreStoredAndReturnedByteForByte() {
    String queue = newQueue();
    for (int i = 0; i < HOSTILE_PAYLOADS.size(); i++) {
      push(queue, NewTask.of("p" + i).payload(HOSTILE_PAYLOADS.get(i)));
    }

    for (int i = 0; i < HOSTILE_PAYLOADS.size(); i++) {
      assertThat(task(queue, "p" + i).payload()).as("pushed payload #%s", i).isEqualTo(HOSTILE_PAYLOADS.get(i));
    }
    List<Task> held = pick(queue, 1000);
    for (Task t : held) {
      assertThat(t.payload()).as("picked payload of %s", t.subject()).isEqualTo(HOSTILE_PAYLOADS.get(Integer.parseInt(t.subject().substring(1))));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Task t : held) {
      int i = Integer.parseInt(t.subject().substring(1));
      String next = HOSTILE_PAYLOADS.get((i + 1) % HOSTILE_PAYLOADS.size());
      outcomes.add(i % 2 == 0
          ? Outcome.complete(Lease.of(t), next)
          : Outcome.reject(Lease.of(t), "m" + i, next, Duration.ZERO).withPayload(next));
    }
    assertThat(settle(queue, outcomes).applied()).isEqualTo(HOSTILE_PAYLOADS.size());
    for (int i = 0; i < HOSTILE_PAYLOADS.size(); i++) {
      String next = HOSTILE_PAYLOADS.get((i + 1) % HOSTILE_PAYLOADS.size());
      assertThat(task(queue, "p" + i).payload()).as("settled payload #%s", i).isEqualTo(next);
      if (i % 2 == 1) {
        assertThat(storage.errors(new ErrorQuery(queue, "p" + i, 1)).get(0).details()).as("details #%s", i).isEqualTo(next);
      }
    }
  }

  /**
   * Text with an unpaired UTF-16 surrogate cannot be encoded in UTF-8: it must be refused before
   * SQL, or else come back exactly (never silently turned into another text such as "?").
   */
  @Test
  void anUnpairedSurrogateIsRefusedOrKeptExactly() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(5));
    List<String> lone = List.of("\ud800", "\udbff", "x\udc00y");
    List<String> corrupted = new ArrayList<>();
    for (String text : lone) {
      String subject = "s" + lone.indexOf(text);
      String payload = "\"" + text + "\"";
      keptOrRefused(corrupted, "subject " + escape(text), () -> {
        push(queue, NewTask.of(text));
        return find(queue, text).map(Task::subject).orElse(null);
      }, text);
      keptOrRefused(corrupted, "payload " + escape(payload), () -> {
        push(queue, NewTask.of(subject).payload(payload));
        return find(queue, subject).map(Task::payload).orElse(null);
      }, payload);
      keptOrRefused(corrupted, "message " + escape(text), () -> {
        String own = newQueue();
        push(own, NewTask.of("m"));
        settleApplied(own, Outcome.reject(Lease.of(pickOnly(own, "m")), text, null, Duration.ofHours(1)));
        return storage.errors(ErrorQuery.of(own, 1)).get(0).message();
      }, text);
    }
    assertThat(corrupted).as("texts with an unpaired surrogate that were accepted but not kept").isEmpty();
    assertCountersAgreeWithRows(queue);
  }

  private static void keptOrRefused(List<String> corrupted, String what, Callable<String> store, String expected) {
    try {
      String stored = store.call();
      if (!expected.equals(stored)) {
        corrupted.add(what + " came back as " + (stored == null ? "nothing" : escape(stored)));
      }
    } catch (InvalidArgumentException refused) {
      // refused before SQL: fine
    } catch (Exception e) {
      corrupted.add(what + " failed with " + e);
    }
  }

  private static String escape(String text) {
    StringBuilder sb = new StringBuilder();
    for (char c : text.toCharArray()) {
      sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }

  @Test
  void anEscapedNulInAPayloadIsValidJsonAndRoundTrips() {
    String queue = newQueue();
    String payload = "{\"nul\":\"a\\u0000b\"}";

    push(queue, NewTask.of("t").payload(payload));

    assertThat(task(queue, "t").payload()).isEqualTo(payload);
  }

  static Stream<Arguments> longestSubjects() {
    StringBuilder cjk = new StringBuilder();
    for (int i = 0; i < 682; i++) {
      cjk.append((char) (0x4e00 + (i * 7919) % 20000)); // three UTF-8 bytes each, varied so it does not compress
    }
    cjk.append('\u00e9');
    StringBuilder accented = new StringBuilder();
    for (int i = 0; i < 1024; i++) {
      accented.append((char) (0x00c0 + (i * 31) % 0x17f)); // two UTF-8 bytes each
    }
    StringBuilder emoji = new StringBuilder();
    for (int i = 0; i < 512; i++) {
      emoji.appendCodePoint(0x1f300 + (i * 13) % 0x300); // four UTF-8 bytes each
    }
    return Stream.of(
        Arguments.of("ascii", "a".repeat(2048)),
        Arguments.of("accented latin", accented.toString()),
        Arguments.of("emoji", emoji.toString()),
        Arguments.of("CJK", cjk.toString()));
  }

  /** Subjects of the most UTF-8 bytes the API allows (2048), in scripts of one to four bytes a character. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("longestSubjects")
  void theLongestSubjectIsStoredInAnyScript(String script, String subject) {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(5));
    assertThat(subject.getBytes(StandardCharsets.UTF_8)).hasSize(2048);

    assertThat(push(queue, NewTask.of(subject)).added()).containsExactly(subject);

    assertThat(task(queue, subject).subject()).isEqualTo(subject);
    assertThat(push(queue, NewTask.of(subject)).added()).isEmpty();
    Task held = pickOnly(queue, subject);
    settleApplied(queue, Outcome.reject(Lease.of(held), "failed", null, Duration.ZERO));
    assertThat(storage.errors(new ErrorQuery(queue, subject, 10))).extracting(TaskError::subject).containsExactly(subject);
  }

  @Test
  void aLargePayloadRoundTrips() {
    String queue = newQueue();
    StringBuilder sb = new StringBuilder("{\"blob\":\"");
    while (sb.length() < 2_000_000) {
      sb.append("0123456789abcdef\u00e9\u4e2d");
    }
    String payload = sb.append("\"}").toString();

    push(queue, NewTask.of("big").payload(payload));

    assertThat(task(queue, "big").payload()).isEqualTo(payload);
  }

  static Stream<Arguments> reservedWordQueueNames() {
    return Stream.of("select", "user", "order", "table", "drop", "null", "end", "limit", "group", "from",
        "where", "public", "pg_catalog", "information_schema", "fetchq", "x", "q", "z".repeat(40), "a_1_b")
        .map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("reservedWordQueueNames")
  void reservedWordsAreGoodQueueNames(String name) throws SQLException {
    assertThat(storage.createQueue(name, QueueOptions.defaults().maxAttempts(1))).isTrue();
    try {
      assertThat(push(name, NewTask.of("'); DROP TABLE x; --"), NewTask.of("b")).count()).isEqualTo(2);
      List<Task> held = pick(name, 10);
      assertThat(held).extracting(Task::queue).containsOnly(name);
      assertThat(settle(name, held.stream().map(t -> Outcome.reject(Lease.of(t), "no", null, Duration.ZERO)).toList()).applied()).isEqualTo(2);
      assertThat(stats(name).killed()).isEqualTo(2);
      assertThat(errors(name)).hasSize(2);
      storage.maintain(MaintenanceRequest.all(name, 10));
      assertCountersAgreeWithRows(name);
      assertThat(storage.queues()).extracting(QueueInfo::name).contains(name);
      assertThat(storage.truncateQueue(name)).isEqualTo(2);
    } finally {
      assertThat(storage.dropQueue(name)).isTrue();
    }
    if (needsDatabase()) {
      assertThat(sentinelExists()).isTrue();
    }
    assertThat(allTasks(VICTIM)).hasSize(6);
  }

  /** Subjects of every task, listed three at a time so that the cursor carries hostile text. */
  private List<String> pagedInSmallPages(String queue) {
    List<String> subjects = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    TaskFilter filter = TaskFilter.all().limit(3);
    while (true) {
      TaskPage page = storage.list(new TaskQuery(queue, filter));
      for (Task t : page.tasks()) {
        assertThat(seen.add(t.subject())).as("listed twice: %s", t.subject()).isTrue();
        subjects.add(t.subject());
      }
      if (!page.hasNext()) {
        return subjects;
      }
      filter = filter.after(page.next());
      assertThat(subjects.size()).as("paging ends").isLessThan(10_000);
    }
  }

  @Test
  void listPagesInOneConsistentOrder() {
    String queue = newQueue();
    pushMany(queue, "s", 50);

    List<String> all = allTasks(queue).stream().map(Task::subject).collect(Collectors.toList());

    assertThat(all).isEqualTo(subjects("s", 50));
    assertThat(pagedInSmallPages(queue)).isEqualTo(all);
  }
}
