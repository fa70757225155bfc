package io.fetchq.examples.heroes.crawler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.Task;
import io.fetchq.TaskContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The handler of the {@code heroes} queue: fetches the hero's profile, keeps what it read in the
 * task's payload, pushes every ally it links to (a hero already in the queue is not added again,
 * however many pages link to it), and comes back every second day. A 5xx or a timeout is rejected
 * and retried by the queue's retry policy; a 404 escapes as {@link ProfileGoneException} for the
 * queue's threshold policy to judge.
 */
public final class HeroCrawler implements Handler {
  /** The queue the crawler works on and pushes to. */
  public static final String QUEUE = "heroes";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HeroSiteClient site;
  private final CrawlCalendar calendar;
  private final String crawler;
  private final CrawlTally tally;

  /** A crawler that reads from {@code site}, calls itself {@code crawler} in payloads, and counts into {@code tally}. */
  public HeroCrawler(HeroSiteClient site, CrawlCalendar calendar, String crawler, CrawlTally tally) {
    this.site = site;
    this.calendar = calendar;
    this.crawler = crawler;
    this.tally = tally;
  }

  @Override
  public Action handle(Task task, TaskContext ctx) throws Exception {
    Profile profile;
    try {
      profile = site.fetch(task.subject());
    } catch (SiteUnavailableException e) {
      tally.failed.increment();
      return Action.reject(e.getMessage()); // counts an attempt; the retry policy says when to try again
    } catch (ProfileGoneException e) {
      tally.gone.increment();
      throw e; // the threshold policy decides: kill now, or count toward maxAttempts
    }
    tally.visited.increment();
    List<NewTask> allies = new ArrayList<>(profile.allies().size());
    for (String ally : profile.allies()) {
      allies.add(NewTask.of(ally).payload("{\"discoveredBy\":\"" + task.subject() + "\"}"));
    }
    int added = ctx.queue(QUEUE).pushAll(allies);
    tally.linksPushed.add(allies.size());
    tally.heroesAdded.add(added);
    return Action.reschedule(calendar.days(2)).withPayload(record(task, profile));
  }

  /** The new payload: what the page said, how many visits so far, and who read it when. */
  private String record(Task task, Profile profile) throws Exception {
    JsonNode previous = task.payload() == null ? null : JSON.readTree(task.payload());
    int visits = previous != null && previous.has("visits") ? previous.get("visits").asInt() : 0;
    ObjectNode record = JSON.createObjectNode()
        .put("name", profile.name())
        .put("power", profile.power())
        .put("visits", visits + 1)
        .put("lastVisit", Instant.now().toString())
        .put("by", crawler);
    record.putArray("allies").addAll(profile.allies().stream().map(record::textNode).toList());
    return JSON.writeValueAsString(record);
  }
}
