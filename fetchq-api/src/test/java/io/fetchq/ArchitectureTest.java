package io.fetchq;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The API is what users compile against, so it brings nothing with it but the JDK. */
@AnalyzeClasses(packages = "io.fetchq", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule apiDependsOnlyOnTheJdk =
      classes()
          .that()
          .resideInAPackage("io.fetchq..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "javax.sql..", "io.fetchq..")
          .because("fetchq-api depends on nothing but the JDK (DESIGN.md, Modules)");
}
