package io.fetchq.spi;

import static io.fetchq.RefusedInput.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class StorageSettingsTest {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/app";

  @Test
  void ofUrlUsesTheDefaults() {
    StorageSettings settings = StorageSettings.of(URL, "app", "secret");

    assertThat(settings)
        .isEqualTo(new StorageSettings(URL, "app", "secret", null, "fetchq", SchemaMode.MIGRATE, 10));
  }

  @Test
  void ofDataSourceUsesTheDefaults() {
    DataSource dataSource = dataSource();
    StorageSettings settings = StorageSettings.of(dataSource).schema("jobs").schemaMode(SchemaMode.NONE).poolSize(1);

    assertThat(settings)
        .isEqualTo(new StorageSettings(null, null, null, dataSource, "jobs", SchemaMode.NONE, 1));
  }

  @Test
  void toStringMasksThePassword() {
    String shown = StorageSettings.of(URL, "app", "s3cr3t-p4ss").toString();

    assertThat(shown).doesNotContain("s3cr3t-p4ss").contains("password=****").contains("user=app").contains(URL);
  }

  @Test
  void toStringSaysWhenThereIsNoPassword() {
    assertThat(StorageSettings.of(URL, "app", null).toString()).contains("password=null");
  }

  @Test
  void toStringNamesTheDataSourceTypeOnly() {
    DataSource dataSource = dataSource();

    assertThat(StorageSettings.of(dataSource).toString())
        .contains("dataSource=" + dataSource.getClass().getName())
        .doesNotContain("secret-in-toString");
  }

  @Test
  void withoutDatabaseNamesNoDatabaseAndUsesTheDefaults() {
    StorageSettings settings = StorageSettings.withoutDatabase();

    assertThat(settings)
        .isEqualTo(new StorageSettings(null, null, null, null, "fetchq", SchemaMode.MIGRATE, 10));
    assertThat(settings.schema("jobs").poolSize(2))
        .isEqualTo(new StorageSettings(null, null, null, null, "jobs", SchemaMode.MIGRATE, 2));
    assertThat(settings.toString()).contains("jdbcUrl=null").contains("dataSource=null");
  }

  @Test
  void refusesBothOfUrlAndDataSource() {
    assertRefused(
        "jdbcUrl",
        "at most one of jdbcUrl and dataSource",
        () -> new StorageSettings(URL, null, null, dataSource(), "fetchq", SchemaMode.MIGRATE, 10));
    assertRefused("jdbcUrl", "must not be null", () -> StorageSettings.of(null, "u", "p"));
    assertRefused("dataSource", "must not be null", () -> StorageSettings.of((DataSource) null));
  }

  @Test
  void refusesAUrlOfAnotherDatabase() {
    assertRefused("jdbcUrl", "must start with jdbc:postgresql:", () -> StorageSettings.of("jdbc:mysql://h/db", "u", "p"));
    assertRefused("jdbcUrl", "must start with jdbc:postgresql:", () -> StorageSettings.of("postgresql://h/db", "u", "p"));
  }

  @Test
  void acceptsSafeSchemaNames() {
    assertThat(StorageSettings.of(URL, null, null).schema("_x1").schema()).isEqualTo("_x1");
    assertThat(StorageSettings.of(URL, null, null).schema("s".repeat(63)).schema()).hasSize(63);
  }

  @Test
  void refusesUnsafeSchemaNames() {
    StorageSettings settings = StorageSettings.of(URL, null, null);

    assertRefused("schema", "must not be null", () -> settings.schema(null));
    assertRefused("schema", "must match", () -> settings.schema(""));
    assertRefused("schema", "must match", () -> settings.schema("Fetchq"));
    assertRefused("schema", "must match", () -> settings.schema("1fetchq"));
    assertRefused("schema", "must match", () -> settings.schema("fetchq;drop schema public"));
    assertRefused("schema", "must match", () -> settings.schema("s".repeat(64)));
  }

  @Test
  void refusesAMissingSchemaModeOrAPoolSizeOutOfRange() {
    StorageSettings settings = StorageSettings.of(URL, null, null);

    assertRefused("schemaMode", "must not be null", () -> settings.schemaMode(null));
    assertRefused("poolSize", "between 1 and 1000; was 0", () -> settings.poolSize(0));
    assertRefused("poolSize", "was 1001", () -> settings.poolSize(1001));
    assertThat(settings.poolSize(1000).poolSize()).isEqualTo(1000);
  }

  /** A data source no test connects to. */
  private static DataSource dataSource() {
    return (DataSource)
        Proxy.newProxyInstance(
            StorageSettingsTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> switch (method.getName()) {
              case "toString" -> "secret-in-toString";
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> throw new UnsupportedOperationException(method.getName());
            });
  }
}
