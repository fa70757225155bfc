package io.fetchq.postgres;

import io.fetchq.TaskStatus;
import io.fetchq.spi.Outcome;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The numbers that task statuses and outcome kinds stand as in SQL, with their one source: a
 * status is its {@link TaskStatus#code()}, stored in every task row; an outcome kind is its ordinal,
 * which lives only as long as one settle statement. The mapper XML reads them as {@code
 * ${status.pending}} and {@code ${kind.reject}}, the migrations as {@code ${status.pending}} too,
 * both filled in from here when they are loaded; {@link SettleBatch} sends kinds through {@link
 * #kind}.
 */
final class SqlCodes {
  private SqlCodes() {}

  /** The code an outcome kind is sent as. */
  static int kind(Outcome.Kind kind) {
    return kind.ordinal();
  }

  /** {@code status.<name>} for every status and {@code kind.<name>} for every outcome kind, lower case. */
  static Map<String, String> variables() {
    Map<String, String> variables = new HashMap<>();
    for (TaskStatus status : TaskStatus.values()) {
      variables.put("status." + status.name().toLowerCase(Locale.ROOT), String.valueOf(status.code()));
    }
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      variables.put("kind." + kind.name().toLowerCase(Locale.ROOT), String.valueOf(kind(kind)));
    }
    return variables;
  }
}
