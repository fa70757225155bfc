package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The suite runs every area of the contract, each as a nested class of the suite against the
 * backend and settings of the suite, so that a backend that runs the suite runs all of it.
 */
class ConformanceSuiteTest {

  private static final StorageProvider BACKEND = new StorageProvider() {
    @Override
    public String name() {
      return "never-opened";
    }

    @Override
    public Storage open(StorageSettings settings) {
      throw new AssertionError("no area opens the backend here");
    }
  };

  private static final StorageSettings BASE =
      StorageSettings.of("jdbc:postgresql://127.0.0.1:5432/test", "tck", "secret").schema("tck_suite");

  /** A backend's entry that runs the whole suite with a pool of 3. */
  private final ConformanceSuite suite = new ConformanceSuite() {
    @Override
    protected StorageProvider provider() {
      return BACKEND;
    }

    @Override
    protected StorageSettings settings(StorageSettings base) {
      return base.poolSize(3);
    }
  };

  @Test
  void everyAreaIsInTheSuite() throws Exception {
    Set<Class<?>> areas = areas();
    assertThat(areas).as("areas found next to StorageConformance").contains(PickConformance.class, BadInputConformance.class);

    Set<Class<?>> missing = new HashSet<>(areas);
    areasOfTheSuite().forEach(area -> missing.remove(area.getSuperclass()));

    assertThat(missing).as("areas with no @Nested class in ConformanceSuite, which no backend would run").isEmpty();
  }

  @Test
  void everyAreaOfTheSuiteIsANestedClassJUnitRunsTaggedWithItsName() {
    assertThat(areasOfTheSuite()).isNotEmpty().allSatisfy(area -> {
      assertThat(area.getAnnotation(Tag.class)).as("@Tag of %s", area.getSimpleName())
          .isNotNull().extracting(Tag::value).isEqualTo(area.getSimpleName());
      assertThat(area.isAnnotationPresent(Nested.class)).as("%s is @Nested", area.getSimpleName()).isTrue();
      assertThat(Modifier.isStatic(area.getModifiers())).as("%s is static", area.getSimpleName()).isFalse();
      assertThat(Modifier.isPrivate(area.getModifiers())).as("%s is private", area.getSimpleName()).isFalse();
      assertThat(Modifier.isAbstract(area.getModifiers())).as("%s is abstract", area.getSimpleName()).isFalse();
    });
  }

  @Test
  void everyAreaOpensTheBackendOfTheSuite() throws Exception {
    for (Class<? extends StorageConformance> area : areasOfTheSuite()) {
      assertThat(inTheSuite(area).provider()).as(area.getSimpleName()).isSameAs(BACKEND);
    }
  }

  @Test
  void everyAreaOpensItWithTheSettingsOfTheSuite() throws Exception {
    for (Class<? extends StorageConformance> area : areasOfTheSuite()) {
      if (area != ConformanceSuite.BadInputInSimpleQueryMode.class) {
        assertThat(inTheSuite(area).settings(BASE)).as(area.getSimpleName()).isEqualTo(BASE.poolSize(3));
      }
    }
  }

  @Test
  void simpleQueryModeIsAskedForInTheUrlOnTopOfTheSettingsOfTheSuite() throws Exception {
    StorageSettings settings = inTheSuite(ConformanceSuite.BadInputInSimpleQueryMode.class).settings(BASE);

    assertThat(settings.jdbcUrl()).isEqualTo(BASE.jdbcUrl() + "?preferQueryMode=simple");
    assertThat(settings).isEqualTo(new StorageSettings(settings.jdbcUrl(), BASE.user(), BASE.password(), null,
        BASE.schema(), BASE.schemaMode(), 3));
    StorageSettings withParameter = StorageSettings.of(BASE.jdbcUrl() + "?ssl=false", "tck", "secret");
    assertThat(inTheSuite(ConformanceSuite.BadInputInSimpleQueryMode.class).settings(withParameter).jdbcUrl())
        .isEqualTo(BASE.jdbcUrl() + "?ssl=false&preferQueryMode=simple");
  }

  @Test
  void simpleQueryModeIsSkippedWhenTheSuiteRunsOnADataSource() {
    ConformanceSuite onADataSource = new ConformanceSuite() {
      @Override
      protected StorageProvider provider() {
        return BACKEND;
      }

      @Override
      protected StorageSettings settings(StorageSettings base) {
        return StorageSettings.of(new PGSimpleDataSource()).schema(base.schema());
      }
    };
    StorageConformance area = onADataSource.new BadInputInSimpleQueryMode();

    assertThatThrownBy(() -> area.settings(BASE)).isInstanceOf(TestAbortedException.class);
  }

  @Test
  void simpleQueryModeIsSkippedForABackendThatNeedsNoDatabase() {
    ConformanceSuite withoutDatabase = new ConformanceSuite() {
      @Override
      protected StorageProvider provider() {
        return new OpenedWithoutDatabase();
      }
    };
    StorageConformance area = withoutDatabase.new BadInputInSimpleQueryMode();

    assertThatThrownBy(() -> area.settings(StorageSettings.withoutDatabase().schema("tck_suite")))
        .isInstanceOf(TestAbortedException.class).hasMessageContaining("needs no database");
  }

  /**
   * An area of a backend that needs no database opens it on a fresh schema without a database,
   * with the settings of the suite, and reads the system clock: it never reaches for the test
   * database (which this test would otherwise start).
   */
  @Test
  void anAreaOpensABackendThatNeedsNoDatabaseWithoutOne() {
    OpenedWithoutDatabase backend = new OpenedWithoutDatabase();
    ConformanceSuite suite = new ConformanceSuite() {
      @Override
      protected StorageProvider provider() {
        return backend;
      }

      @Override
      protected StorageSettings settings(StorageSettings base) {
        return base.poolSize(3);
      }
    };
    StorageConformance area = suite.new Pick();

    area.openStorage();
    Instant before = Instant.now();
    Instant read = area.dbNow();
    Instant after = Instant.now();
    area.awaitClockPast(after.plusMillis(5));
    Instant waited = Instant.now();
    area.closeStorage();

    assertThat(backend.openedWith).containsExactly(StorageSettings.withoutDatabase().schema(area.schema).poolSize(3));
    assertThat(area.schema).startsWith("tck_pick_");
    assertThat(read).isBetween(before, after);
    assertThat(waited).isAfter(after.plusMillis(5));
    assertThat(backend.closed).isTrue();
    assertThatThrownBy(area::connection).isInstanceOf(IllegalStateException.class).hasMessageContaining("no database");
  }

  /** A backend that needs no database, whose storage does nothing but close. */
  private static final class OpenedWithoutDatabase implements StorageProvider {
    final List<StorageSettings> openedWith = new ArrayList<>();
    boolean closed;

    @Override
    public String name() {
      return "without-database";
    }

    @Override
    public boolean needsDatabase() {
      return false;
    }

    @Override
    public Storage open(StorageSettings settings) {
      openedWith.add(settings);
      return (Storage) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Storage.class},
          (proxy, method, args) -> {
            if (method.getName().equals("close")) {
              closed = true;
              return null;
            }
            throw new UnsupportedOperationException(method.getName());
          });
    }
  }

  /** The area as JUnit makes it, inside this suite. */
  private StorageConformance inTheSuite(Class<? extends StorageConformance> area) throws Exception {
    return area.getDeclaredConstructor(ConformanceSuite.class).newInstance(suite);
  }

  /** The nested classes of the suite that run an area. */
  private static List<Class<? extends StorageConformance>> areasOfTheSuite() {
    return Arrays.stream(ConformanceSuite.class.getDeclaredClasses())
        .filter(StorageConformance.class::isAssignableFrom)
        .<Class<? extends StorageConformance>>map(c -> c.asSubclass(StorageConformance.class))
        .toList();
  }

  private static boolean declaresTests(Class<?> c) {
    return Arrays.stream(c.getDeclaredMethods()).anyMatch(m -> AnnotationSupport.isAnnotated(m, Testable.class));
  }

  /** Every top-level subclass of StorageConformance in its package with tests: the areas of the contract. */
  private static Set<Class<?>> areas() throws Exception {
    Path location = Path.of(StorageConformance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String pkg = StorageConformance.class.getPackageName();
    try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location)) {
      Path root = jar == null ? location : jar.getPath("/");
      try (Stream<Path> files = Files.list(root.resolve(pkg.replace('.', '/')))) {
        List<String> names = files.map(f -> f.getFileName().toString())
            .filter(n -> n.endsWith(".class") && !n.contains("$"))
            .map(n -> pkg + "." + n.substring(0, n.length() - ".class".length()))
            .toList();
        Set<Class<?>> areas = new HashSet<>();
        for (String name : names) {
          Class<?> c = Class.forName(name, false, StorageConformance.class.getClassLoader());
          if (StorageConformance.class.isAssignableFrom(c) && declaresTests(c)) {
            areas.add(c);
          }
        }
        return areas;
      }
    }
  }
}
