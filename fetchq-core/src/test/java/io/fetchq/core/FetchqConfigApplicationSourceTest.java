package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@link FetchqConfig#with(Map, java.util.function.Function)}: keys from an application's configuration, each with its source. */
class FetchqConfigApplicationSourceTest {

  private static ConfigSource spring(String key) {
    return ConfigSource.application("Spring property " + key + " (application.properties)");
  }

  @Test
  void setsTheKeysTogetherAndKeepsEachSource() {
    FetchqConfig config = FetchqConfig.defaults().with(
        Map.of("fetchq.worker.idle.min", "3s", "fetchq.worker.idle.max", "5s"), FetchqConfigApplicationSourceTest::spring);

    assertThat(config.workerIdleMin()).hasSeconds(3);
    assertThat(config.workerIdleMax()).hasSeconds(5);
    assertThat(config.source("fetchq.worker.idle.min").kind()).isEqualTo(ConfigSource.Kind.APPLICATION);
    assertThat(config.source("fetchq.worker.idle.min"))
        .hasToString("Spring property fetchq.worker.idle.min (application.properties)");
    assertThat(config.describe()).contains("Spring property fetchq.worker.idle.max (application.properties)");
  }

  @Test
  void namesTheKeyTheRuleAndTheSourceOfEveryProblem() {
    assertThatThrownBy(() -> FetchqConfig.defaults().with(
            Map.of("fetchq.worker.batch", "0", "fetchq.worker.bacth", "5"), FetchqConfigApplicationSourceTest::spring))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactly(
            "fetchq.worker.bacth: not a Fetchq setting; did you mean fetchq.worker.batch?"
                + " (Spring property fetchq.worker.bacth (application.properties))",
            "fetchq.worker.batch: must be between 1 and 50000; was 0"
                + " (Spring property fetchq.worker.batch (application.properties))"));
  }

  @Test
  void aDatabaseKeyFromTheApplicationCountsAsSet() {
    FetchqConfig config = FetchqConfig.defaults().with(
        Map.of("fetchq.db.url", "jdbc:postgresql://db/app"), FetchqConfigApplicationSourceTest::spring);
    DataSource dataSource = (DataSource) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, a) -> null);

    assertThatThrownBy(() -> config.storageSettings(dataSource))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("fetchq.db.url: must not be set when the program gives its own DataSource")
        .hasMessageContaining("Spring property fetchq.db.url (application.properties)");
  }

  @Test
  void anEmptyLocationReadsAsTheApplicationsConfiguration() {
    assertThat(ConfigSource.application("")).hasToString("application configuration");
  }
}
