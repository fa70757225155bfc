package io.fetchq.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The public types of Fetchq's library modules are exactly those listed in {@code
 * docs/public-api.txt}, and live in the packages meant for users, the SPI, the backends' extension
 * points, the conformance suite, or {@code io.fetchq.internal} (public only because every module
 * uses it, never for users): a new public type fails the build until it is added to the list on
 * purpose, in the same change. This module depends on every library module, so it sees them all.
 */
class PublicApiTest {
  private static final Path LIST = Path.of("..", "docs", "public-api.txt");
  private static final Set<String> PACKAGES = Set.of(
      "io.fetchq", "io.fetchq.spi", "io.fetchq.internal", "io.fetchq.core",
      "io.fetchq.postgres", "io.fetchq.partitioned", "io.fetchq.memory", "io.fetchq.jackson", "io.fetchq.observability",
      "io.fetchq.spring", "io.fetchq.dashboard", "io.fetchq.test", "io.fetchq.tck");

  private static final List<JavaClass> PUBLIC_TYPES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.fetchq")
      .stream()
      .filter(c -> !c.getPackageName().startsWith("io.fetchq.examples"))
      .filter(PublicApiTest::reachable)
      .toList();

  @Test
  void thePublicTypesAreTheListedOnes() throws IOException {
    Set<String> listed = Files.readAllLines(LIST).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> actual = PUBLIC_TYPES.stream().map(JavaClass::getName)
        .collect(Collectors.toCollection(TreeSet::new));

    Set<String> added = new TreeSet<>(actual);
    added.removeAll(listed);
    Set<String> gone = new TreeSet<>(listed);
    gone.removeAll(actual);
    assertThat(added)
        .as("public types not in %s: make them package-private, or add them there on purpose", LIST)
        .isEmpty();
    assertThat(gone).as("types listed in %s that are no longer public: take them out", LIST).isEmpty();
  }

  @Test
  void publicTypesLiveInTheirPackages() {
    assertThat(PUBLIC_TYPES)
        .allSatisfy(type -> assertThat(PACKAGES).as("the package of %s", type.getName())
            .contains(type.getPackageName()));
  }

  /** Public, and (for a nested type) inside a type that is reachable too. */
  private static boolean reachable(JavaClass type) {
    if (!type.getModifiers().contains(JavaModifier.PUBLIC) || type.isAnonymousClass() || type.isLocalClass()) {
      return false;
    }
    return type.getEnclosingClass().map(PublicApiTest::reachable).orElse(true);
  }
}
