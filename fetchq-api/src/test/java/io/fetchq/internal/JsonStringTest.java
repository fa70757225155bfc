package io.fetchq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonStringTest {

  @Test
  void escapesWhatJsonRequiresAndKeepsTheRest() {
    assertThat(JsonString.quote("a\"b\\c\nd\re\tf\u0001g é ✓"))
        .isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g é ✓\"");
    assertThat(JsonSyntax.problem(JsonString.quote("x\u001fy\"z"))).as("the result parses as JSON").isNull();
  }
}
