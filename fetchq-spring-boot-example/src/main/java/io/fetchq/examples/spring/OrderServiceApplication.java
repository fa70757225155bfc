package io.fetchq.examples.spring;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The order service. Its database is the one Spring is given ({@code SPRING_DATASOURCE_URL}, with
 * {@code SPRING_DATASOURCE_USERNAME} and {@code SPRING_DATASOURCE_PASSWORD}, or {@code
 * --spring.datasource.url=...}); without one it starts an embedded PostgreSQL and stops it at the
 * end. With {@code --check} it checks itself once started ({@link SelfCheck}), stops, and exits 0
 * when the check passed, 1 when it did not.
 */
@SpringBootApplication
public class OrderServiceApplication {

  /** Runs the service; {@code --check} runs the self-check and exits. */
  public static void main(String[] args) throws IOException {
    boolean check = Arrays.asList(args).contains("--check");
    String[] springArgs = Arrays.stream(args).filter(a -> !a.equals("--check")).toArray(String[]::new);
    EmbeddedPostgres embedded = null;
    Map<String, Object> defaults = new LinkedHashMap<>();
    if (!configured(springArgs)) {
      System.out.println("starting an embedded PostgreSQL (no SPRING_DATASOURCE_URL set) ...");
      embedded = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(30)).start();
      defaults.put("spring.datasource.url", embedded.getJdbcUrl("postgres", "postgres"));
      defaults.put("spring.datasource.username", "postgres");
    }
    SpringApplication application = new SpringApplication(OrderServiceApplication.class);
    application.setDefaultProperties(defaults);
    int exit = 0;
    try {
      ConfigurableApplicationContext context = application.run(springArgs);
      if (check) {
        try (context) {
          exit = new SelfCheck(context, System.out).run() ? 0 : 1;
        }
      } else {
        return;   // serving until the JVM is stopped
      }
    } finally {
      if (check && embedded != null) {
        embedded.close();
      }
    }
    System.exit(exit);
  }

  private static boolean configured(String[] args) {
    return System.getenv("SPRING_DATASOURCE_URL") != null
        || System.getProperty("spring.datasource.url") != null
        || Arrays.stream(args).anyMatch(a -> a.startsWith("--spring.datasource.url="));
  }
}
