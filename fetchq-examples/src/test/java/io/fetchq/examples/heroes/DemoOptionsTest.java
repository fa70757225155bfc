package io.fetchq.examples.heroes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void argumentsOverrideSystemPropertiesWhichOverrideDefaults() {
    Properties properties = new Properties();
    properties.setProperty("demo.heroes", "1000");
    properties.setProperty("demo.workers", "3");
    properties.setProperty("fetchq.schema", "not ours");

    DemoOptions options = DemoOptions.parse(new String[] {"workers=4", "--day=2s", "gone=count"}, properties);

    assertThat(options.heroes()).isEqualTo(1000);
    assertThat(options.workers()).isEqualTo(4);
    assertThat(options.day()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.gone()).isEqualTo(DemoOptions.Gone.COUNT);
    assertThat(options.visits()).isEqualTo(DemoOptions.defaults().visits());
  }

  @Test
  void readsBackWhatItWritesForTheWorkerProcesses() {
    DemoOptions options = DemoOptions.parse(new String[] {"latency=250ms", "duration=2m", "errors=0.1"}, new Properties());
    Properties passed = new Properties();
    for (String argument : options.asJvmArguments()) {
      String pair = argument.substring("-D".length());
      passed.setProperty(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }

    assertThat(DemoOptions.parse(new String[0], passed)).isEqualTo(options);
  }

  @Test
  void refusesUnknownKeysAndBadValuesNamingTheKeys() {
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"heros=10"}, new Properties()))
        .hasMessageContaining("unknown demo option \"heros\"").hasMessageContaining("heroes");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"heroes=0"}, new Properties()))
        .hasMessageContaining("heroes must be 1 to 1000000");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"errors=0.9"}, new Properties()))
        .hasMessageContaining("errors must be a share");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"day"}, new Properties()))
        .hasMessageContaining("expected KEY=VALUE");
  }
}
