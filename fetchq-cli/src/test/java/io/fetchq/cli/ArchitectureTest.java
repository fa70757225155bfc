package io.fetchq.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The command is a thin client of the public API: it never reaches into a backend (both are on its
 * class path at run time only), and it is an application, so nothing in it is public but its main
 * class.
 */
@AnalyzeClasses(packages = "io.fetchq.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule theCommandUsesNoBackend =
      noClasses()
          .that()
          .resideInAPackage("io.fetchq.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.fetchq.postgres..", "io.fetchq.partitioned..")
          .because("operators steer through the API; the backend is configuration (DESIGN.md)");

  @ArchTest
  static final ArchRule onlyTheMainClassIsPublic =
      classes()
          .that()
          .resideInAPackage("io.fetchq.cli..")
          .and()
          .doNotHaveSimpleName("FetchqCli")
          .should()
          .notBePublic()
          .because("fetchq-cli is an application, not a library: it is kept out of docs/public-api.txt");
}
