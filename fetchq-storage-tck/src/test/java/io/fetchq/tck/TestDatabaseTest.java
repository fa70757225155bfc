package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The test database finder gives the tests the PostgreSQL version they asked for, and says which it is. */
class TestDatabaseTest {

  @Test
  void theServerIsTheVersionAskedFor() {
    TestDatabase.Info db = TestDatabase.get();
    assertThat(db.majorVersion()).isBetween(14, 18);
    assertThat(db.version()).startsWith(db.majorVersion() + ".");
    OptionalInt wanted = TestDatabase.requestedMajor();
    wanted.ifPresent(major -> assertThat(db.majorVersion()).as("the version asked for with -Dtest.postgres")
        .isEqualTo(major));
  }

  @Test
  void aVersionThatIsNotANumberIsRefusedByName() {
    String before = System.getProperty(TestDatabase.VERSION_PROPERTY);
    System.setProperty(TestDatabase.VERSION_PROPERTY, "fourteen");
    try {
      assertThatThrownBy(TestDatabase::requestedMajor)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("test.postgres=fourteen")
          .hasMessageContaining("major version");
    } finally {
      if (before == null) {
        System.clearProperty(TestDatabase.VERSION_PROPERTY);
      } else {
        System.setProperty(TestDatabase.VERSION_PROPERTY, before);
      }
    }
  }
}
