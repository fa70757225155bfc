package io.fetchq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The assertion the validation tests share: the call is refused, and the refusal names the field. */
public final class RefusedInput {
  private RefusedInput() {}

  /** Asserts {@code call} throws {@link InvalidArgumentException} for {@code field}, with a rule containing {@code rule}. */
  public static void assertRefused(String field, String rule, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> {
              assertThat(e.field()).as("field of %s", e.getMessage()).isEqualTo(field);
              assertThat(e.rule()).contains(rule);
              assertThat(e.getMessage()).isEqualTo(field + ": " + e.rule());
            });
  }
}
