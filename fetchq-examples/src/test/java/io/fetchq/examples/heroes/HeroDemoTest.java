package io.fetchq.examples.heroes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.examples.support.TestSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The hero demo end to end: a small universe, two worker processes, a day of two seconds. */
class HeroDemoTest {

  @Test
  void twoWorkerProcessesCrawlEveryHeroOnceAtATimeAndPassTheCheck() throws Exception {
    DemoOptions options = DemoOptions.parse(new String[] {
        "heroes=150", "workers=2", "concurrency=4", "day=2s", "visits=3", "latency=30ms", "every=1s", "duration=60s"},
        new Properties());
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    CrawlReport report = new HeroDemo(options, TestSchema.database(), out).run();

    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(report.passed()).as(printed).isTrue();
    assertThat(report.duplicates()).isZero();
    assertThat(report.overlaps()).isZero();
    assertThat(report.stats().total()).isEqualTo(150);
    assertThat(report.stats().rescheduled()).isGreaterThanOrEqualTo(2L * 150);
    assertThat(printed).contains("ALL CHECKS PASSED").contains("worker-1 (pid").contains("worker-2 (pid");
  }
}
