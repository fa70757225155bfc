package io.fetchq.partitioned;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The backend implements the storage SPI, reusing fetchq-postgres, and nothing else of Fetchq: it
 * never sees the runtime.
 */
@AnalyzeClasses(packages = "io.fetchq.partitioned", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule backendNeverImportsCore =
      noClasses()
          .that()
          .resideInAPackage("io.fetchq.partitioned..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.fetchq.core..")
          .because("a backend depends on fetchq-api only, and may reuse fetchq-postgres (DESIGN.md, Modules)");
}
