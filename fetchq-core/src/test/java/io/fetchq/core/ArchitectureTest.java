package io.fetchq.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Core works against the storage SPI only: it never sees a backend or MyBatis, and of JDBC only the
 * caller's Connection it hands on to Storage.on. It reads the
 * time from its {@link RuntimeClock} only, so that tests can set it.
 */
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
          .dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("org.apache.ibatis..", "java.sql..")
              .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(java.sql.Connection.class))))
          .because("database access belongs to the backends, behind the storage SPI; core only hands a"
              + " caller's Connection on to Storage.on, untouched");

  @ArchTest
  static final ArchRule onlyTheRuntimeClockReadsTheSystemTime =
      noClasses()
          .that()
          .resideInAPackage("io.fetchq.core..")
          .and()
          .doNotHaveSimpleName("RuntimeClock")
          .should()
          .accessTargetWhere(systemTime())
          .because("the runtime reads the time from the RuntimeClock it was given, which a test can set");

  /** Instant.now(), System.nanoTime() and System.currentTimeMillis(), called or referred to. */
  private static DescribedPredicate<JavaAccess<?>> systemTime() {
    return DescribedPredicate.describe(
        "Instant.now(), System.nanoTime() or System.currentTimeMillis()",
        access -> {
          AccessTarget target = access.getTarget();
          String owner = target.getOwner().getName();
          String name = target.getName();
          boolean noArguments =
              target instanceof AccessTarget.CodeUnitAccessTarget unit && unit.getRawParameterTypes().isEmpty();
          return owner.equals("java.lang.System") && (name.equals("nanoTime") || name.equals("currentTimeMillis"))
              || owner.equals("java.time.Instant") && name.equals("now") && noArguments;
        });
  }
}
