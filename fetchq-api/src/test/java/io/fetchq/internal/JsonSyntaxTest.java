package io.fetchq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.InvalidArgumentException;
import io.fetchq.Limits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The JSON check every payload and details document passes through, seen from {@link Require#json}. */
class JsonSyntaxTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "[]",
        "{\"a\":1}",
        "{\"a\":{\"b\":[1,2,{\"c\":null}]},\"d\":[]}",
        "[true,false,null]",
        "[[[[[]]]]]",
        "\"\"",
        "\"plain\"",
        "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"",
        "\"\\u0000\\u00e9\\uD83D\\uDE00\\uABCD\\uabcd\"",
        "\"é ü 中文 😀 \u007f\"",
        "0",
        "-0",
        "7",
        "-12",
        "3.25",
        "-0.5",
        "1e10",
        "1E10",
        "1e+10",
        "1e-10",
        "-1.5E-3",
        "0e0",
        "123456789012345678901234567890",
        "true",
        "false",
        "null",
        " \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n\t\r ",
        "{\"\":\"empty key\"}",
        "{\"a\":1,\"a\":2}",
      })
  void acceptsEveryValidForm(String json) {
    assertThat(Require.json("payload", json, false)).isSameAs(json);
  }

  @Test
  void acceptsNullOnlyWhenNullable() {
    assertThat(Require.json("payload", null, true)).isNull();
    assertThatThrownBy(() -> Require.json("payload", null, false))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("payload: must not be null");
  }

  @Test
  void acceptsNestingUpTo512Levels() {
    String deepest = "[".repeat(512) + "]".repeat(512);
    String objects = "{\"a\":".repeat(512) + "1" + "}".repeat(512);

    assertThat(Require.json("payload", deepest, false)).isSameAs(deepest);
    assertThat(Require.json("payload", objects, false)).isSameAs(objects);
  }

  @Test
  void refusesNestingDeeperThan512Levels() {
    assertRefused("[".repeat(513) + "]".repeat(513), "nested deeper than 512");
    assertRefused("{\"a\":".repeat(513) + "1" + "}".repeat(513), "nested deeper than 512");
  }

  @Test
  void refusesAbsurdNestingWithoutOverflowingTheStack() {
    assertRefused("[".repeat(1_000_000), "nested deeper than 512");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          [1,2,]                | trailing comma
          [1,,2]                | unexpected character ','
          {"a":1,}              | trailing comma
          {"a":1,,"b":2}        | expected a string key
          {'a':1}               | expected a string key
          'text'                | unexpected character '''
          ["a" "b"]             | expected ',' or ']'
          {"a" 1}               | expected ':'
          {"a":1 "b":2}         | expected ',' or '}'
          {1:2}                 | expected a string key
          "abc                  | unterminated string
          {"a":"b}              | unterminated string
          "a\\                  | unterminated escape
          "\\x"                 | bad escape '\\x'
          "\\u12"               | bad \\u escape
          "\\u12G4"             | bad \\u escape
          01                    | leading zero
          -01                   | leading zero
          [00]                  | leading zero
          +1                    | unexpected character '+'
          1.                    | expected a digit after '.'
          .5                    | unexpected character '.'
          -                     | expected a digit
          -a                    | expected a digit
          1e                    | expected a digit in the exponent
          1e+                   | expected a digit in the exponent
          NaN                   | unexpected character 'N'
          Infinity              | unexpected character 'I'
          -Infinity             | expected a digit
          hello                 | unexpected character 'h'
          True                  | unexpected character 'T'
          nul                   | unexpected character 'n'
          undefined             | unexpected character 'u'
          {} x                  | unexpected text after the value
          truex                 | unexpected text after the value
          [1] [2]               | unexpected text after the value
          1 2                   | unexpected text after the value
          [1                    | unexpected end of text
          {"a":                 | unexpected end of text
          {                     | expected a string key
          """)
  void refusesInvalidTextNamingTheProblem(String json, String problem) {
    assertRefused(json, problem);
  }

  @Test
  void refusesEmptyAndBlankText() {
    assertRefused("", "unexpected end of text at offset 0");
    assertRefused(" \n\t", "unexpected end of text at offset 3");
  }

  @Test
  void refusesControlCharactersInStrings() {
    assertRefused("\"a\nb\"", "control character U+000A in a string at offset 2");
    assertRefused("\"tab\there\"", "control character U+0009 in a string");
    assertRefused("{\"k\u0001\":1}", "control character U+0001 in a string");
    assertRefused("\"\u0000\"", "control character U+0000 in a string");
  }

  @Test
  void refusesWhitespaceThatJsonDoesNotAllow() {
    assertRefused("\u00a0{}", "unexpected character 'U+00A0'");
    assertRefused("[1,\u000b2]", "unexpected character 'U+000B'");
    assertRefused("\ufeff{}", "unexpected character 'U+FEFF'");
  }

  @Test
  void refusesUnicodeEscapesWithNonAsciiDigits() {
    // Character.digit accepts these as hex digits; JSON (and PostgreSQL's jsonb) does not.
    assertRefused("\"\\u\u0661\u0662\u0663\u0664\"", "bad \\u escape");
    assertRefused("\"\\u\uff21\uff21\uff21\uff21\"", "bad \\u escape");
  }

  @Test
  void refusesNonAsciiDigitsInNumbers() {
    assertRefused("\u0661", "unexpected character 'U+0661'");
    assertRefused("1\u0662", "unexpected text after the value");
  }

  @Test
  void saysWhereTheProblemIs() {
    assertRefused("{\"a\":[1,2,x]}", "unexpected character 'x' at offset 10");
  }

  @Test
  void refusesTextLongerThanTheLimitBeforeParsingIt() {
    String huge = " ".repeat(Limits.MAX_PAYLOAD_LENGTH + 1);
    assertThatThrownBy(() -> Require.json("payload", huge, false))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("must be at most " + Limits.MAX_PAYLOAD_LENGTH + " characters");
  }

  private static void assertRefused(String json, String problem) {
    assertThatThrownBy(() -> Require.json("details", json, true))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> {
              assertThat(e.field()).isEqualTo("details");
              assertThat(e.rule()).startsWith("must be valid JSON: ").contains(problem);
            });
  }
}
