package io.fetchq.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Core works against the storage SPI only: it never sees a backend, MyBatis or JDBC. */
@AnalyzeClasses(packages = "io.fetchq.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreNeverImportsABackend =
      noClasses()
          .that()
          .resideInAPackage("io.fetchq.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.fetchq.postgres..", "io.fetchq.partitioned..")
          .because("the backend is chosen by name at run time (DESIGN.md, Modules)");

  @ArchTest
  static final ArchRule coreNeverTouchesMyBatisOrJdbc =
      noClasses()
          .that()
          .resideInAPackage("io.fetchq.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.ibatis..", "java.sql..")
          .because("database access belongs to the backends, behind the storage SPI");
}
