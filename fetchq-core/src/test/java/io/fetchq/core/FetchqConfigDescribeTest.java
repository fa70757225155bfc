package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@link FetchqConfig#describe()} and {@link FetchqConfig#logOnce}: the effective values, never the password. */
class FetchqConfigDescribeTest {
  private static final String SECRET = "s3cr3t-Pa55";

  private final Logger logger = (Logger) LoggerFactory.getLogger("io.fetchq.test.describe");
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void listen() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(log);
  }

  @Test
  void listsEveryKeyOncePerLineWithItsSource() {
    FetchqConfig config = FetchqConfig.load(
        Map.of("fetchq.worker.batch", "25"),
        Map.of("FETCHQ_QUEUE_LOCK", "PT90S"),
        new URLClassLoader(new URL[0], null));

    String[] lines = config.describe().split("\n");

    assertThat(lines).hasSize(FetchqConfig.keys().size());
    for (int i = 0; i < lines.length; i++) {
      assertThat(lines[i]).startsWith(FetchqConfig.keys().get(i) + " ");
    }
    assertThat(config.describe())
        .contains("fetchq.storage ")
        .containsPattern("fetchq\\.storage += postgres  \\(default\\)")
        .containsPattern("fetchq\\.worker\\.batch += 25  \\(system property fetchq\\.worker\\.batch\\)")
        .containsPattern("fetchq\\.queue\\.lock += 90s  \\(environment variable FETCHQ_QUEUE_LOCK\\)")
        .containsPattern("fetchq\\.db\\.url += \\(not set\\)  \\(default\\)")
        .containsPattern("fetchq\\.schema\\.mode += migrate  \\(default\\)");
    assertThat(config.toString()).isEqualTo(config.describe());
  }

  @Test
  void masksThePasswordAndThePasswordInTheUrl() {
    FetchqConfig config = FetchqConfig.defaults().withDatabase(
        "jdbc:postgresql://db:5432/app?user=app&password=" + SECRET + "&sslpassword=" + SECRET + "&ssl=true",
        "app", SECRET);

    String described = config.describe();

    assertThat(described).doesNotContain(SECRET)
        .contains("fetchq.db.password")
        .containsPattern("fetchq\\.db\\.password += \\*\\*\\*\\*  \\(set in code\\)")
        .contains("jdbc:postgresql://db:5432/app?user=app&password=****&sslpassword=****&ssl=true");
    assertThat(config.toString()).doesNotContain(SECRET);
    assertThat(config.withDatabase("jdbc:postgresql://db/app", "app", SECRET).storageSettings(null).toString())
        .doesNotContain(SECRET);
  }

  @Test
  void masksAPasswordInTheUrlsUserInfo() {
    FetchqConfig config = FetchqConfig.defaults().withDatabase("jdbc:postgresql://app:" + SECRET + "@db/app", null, null);

    assertThat(config.describe()).doesNotContain(SECRET).contains("jdbc:postgresql://app:****@db/app");
  }

  @Test
  void masksThePasswordInErrorsToo() {
    assertThatThrownBy(() -> FetchqConfig.of(Map.of(
            "fetchq.db.url", "postgresql://db/app?password=" + SECRET, "fetchq.db.password", SECRET,
            "fetchq.worker.batch", "0")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("fetchq.db.url: must start with jdbc:postgresql:; was postgresql://db/app?password=****")
        .message().doesNotContain(SECRET);
  }

  @Test
  void logsAtInfoOnceAndWithoutThePassword() {
    FetchqConfig config = FetchqConfig.defaults().withDatabase("jdbc:postgresql://db/app", "app", SECRET);

    assertThat(config.logOnce(logger)).isTrue();
    assertThat(config.logOnce(logger)).isFalse();

    assertThat(log.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.INFO);
      assertThat(e.getFormattedMessage())
          .startsWith("Fetchq configuration:\n")
          .contains(config.describe())
          .doesNotContain(SECRET);
    });
    assertThat(config.withPoolSize(2).logOnce(logger)).as("a copy logs its own once").isTrue();
  }
}
