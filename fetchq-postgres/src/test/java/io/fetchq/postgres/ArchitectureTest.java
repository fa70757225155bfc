package io.fetchq.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The backend implements the storage SPI and nothing else of Fetchq: it never sees the runtime. */
@AnalyzeClasses(packages = "io.fetchq.postgres", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule backendNeverImportsCore =
      noClasses()
          .that()
          .resideInAPackage("io.fetchq.postgres..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.fetchq.core..")
          .because("a backend depends on fetchq-api only (DESIGN.md, Modules)");

  @ArchTest
  static final ArchRule backendNeverImportsThePartitionedBackend =
      noClasses()
          .that()
          .resideInAPackage("io.fetchq.postgres..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.fetchq.partitioned..")
          .because("fetchq-partitioned may reuse fetchq-postgres, never the other way round");
}
