package io.fetchq.jackson;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The codec needs the API and Jackson only: never the runtime, a backend, or the SPI. */
@AnalyzeClasses(packages = "io.fetchq.jackson", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule theCodecSeesOnlyTheApi =
      noClasses()
          .that()
          .resideInAPackage("io.fetchq.jackson..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.fetchq.core..", "io.fetchq.spi..", "io.fetchq.postgres..", "io.fetchq.partitioned..")
          .because("a codec plugs into any client through the API's PayloadCodec (DESIGN.md, modules)");
}
