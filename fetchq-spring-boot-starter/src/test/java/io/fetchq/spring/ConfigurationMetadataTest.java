package io.fetchq.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.core.FetchqConfig;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configuration metadata IDEs read describes every key of {@link FetchqConfig#keys()}, with the
 * library's default, and no key the library or the starter does not know.
 */
class ConfigurationMetadataTest {

  private static Map<String, JsonNode> properties() throws Exception {
    try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream(
        "/META-INF/spring-configuration-metadata.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      Map<String, JsonNode> byName = new HashMap<>();
      root.get("properties").forEach(p -> byName.put(p.get("name").asText(), p));
      return byName;
    }
  }

  @Test
  void describesEveryKeyOfTheLibraryAndTheStartersOwn() throws Exception {
    Map<String, JsonNode> properties = properties();
    assertThat(properties.keySet()).containsAll(FetchqConfig.keys());
    assertThat(properties.keySet()).containsExactlyInAnyOrderElementsOf(
        java.util.stream.Stream.concat(FetchqConfig.keys().stream(),
            java.util.stream.Stream.of(FetchqEnvironment.ENABLED, FetchqEnvironment.QUEUES, FetchqEnvironment.SCHEDULES,
                FetchqEnvironment.DASHBOARD_ENABLED, FetchqEnvironment.DASHBOARD_ACTIONS)).toList());
    assertThat(properties.values()).allSatisfy(p -> assertThat(p.path("description").asText()).isNotBlank());
  }

  @Test
  void givesTheLibrarysDefaults() throws Exception {
    FetchqConfig defaults = FetchqConfig.defaults();
    for (String key : FetchqConfig.keys()) {
      JsonNode given = properties().get(key).get("defaultValue");
      if (given == null) {
        assertThat(defaults.describe()).as("%s has no default", key).contains(key);
        assertThat(defaults.describe().lines().filter(l -> l.startsWith(key + " ")).findFirst().orElseThrow())
            .contains("(not set)");
        continue;
      }
      assertThat(defaults.with(key, given.asText())).as("the default of %s", key).isEqualTo(defaults);
    }
  }
}
