package io.fetchq.dashboard;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium of the machine (Debian's chromium and chromium-driver) through Selenium, which
 * is given both paths so that it never looks for, nor downloads, a browser or a driver. Fails, not
 * skips, when they are missing: .ci/run installs them.
 */
final class Browser {
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("FETCHQ_TEST_CHROMIUM", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("FETCHQ_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));

  private Browser() {}

  static ChromeDriver start() throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail("the browser tests need Chromium at " + CHROMIUM + " and ChromeDriver at " + CHROMEDRIVER
          + " (Debian: apt-get install -y chromium chromium-driver; .ci/run installs them)");
    }
    Path profile = Files.createTempDirectory("fetchq-dashboard-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1400,900", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
