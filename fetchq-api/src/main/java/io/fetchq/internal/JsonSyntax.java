package io.fetchq.internal;

/**
 * A strict RFC 8259 syntax check, so that a payload that is not JSON is refused before any SQL runs.
 * It builds nothing: it only walks the text once. Not part of the public API.
 */
final class JsonSyntax {
  private static final int MAX_DEPTH = 512;

  private final String text;
  private int pos;

  private JsonSyntax(String text) {
    this.text = text;
  }

  /** Returns {@code null} when {@code text} is one valid JSON value, else what is wrong and where. */
  static String problem(String text) {
    JsonSyntax parser = new JsonSyntax(text);
    try {
      parser.skipWhitespace();
      parser.value(0);
      parser.skipWhitespace();
      if (parser.pos != text.length()) {
        throw parser.error("unexpected text after the value");
      }
      return null;
    } catch (Malformed e) {
      return e.getMessage();
    }
  }

  /** Reads one value; {@code depth} counts the arrays and objects around it. */
  private void value(int depth) {
    if (pos >= text.length()) {
      throw error("unexpected end of text");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
        } else {
          throw error("unexpected character '" + printable(c) + "'");
        }
      }
    }
  }

  private void object(int depth) {
    enter(depth);
    pos++;
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return;
    }
    while (true) {
      skipWhitespace();
      if (peek() == '}') {
        throw error("trailing comma before '}'");
      }
      if (peek() != '"') {
        throw error("expected a string key");
      }
      string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      value(depth + 1);
      skipWhitespace();
      char c = next();
      if (c == '}') {
        return;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private void array(int depth) {
    enter(depth);
    pos++;
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return;
    }
    while (true) {
      skipWhitespace();
      if (peek() == ']') {
        throw error("trailing comma before ']'");
      }
      value(depth + 1);
      skipWhitespace();
      char c = next();
      if (c == ']') {
        return;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private void string() {
    pos++;
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return;
      }
      if (c < 0x20) {
        pos--;
        throw error("control character U+" + String.format("%04X", (int) c) + " in a string");
      }
      if (c == '\\') {
        if (pos >= text.length()) {
          throw error("unterminated escape");
        }
        char e = text.charAt(pos++);
        switch (e) {
          case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {}
          case 'u' -> {
            for (int i = 0; i < 4; i++) {
              if (pos >= text.length() || !isHexDigit(text.charAt(pos))) {
                throw error("bad \\u escape");
              }
              pos++;
            }
          }
          default -> {
            pos--;
            throw error("bad escape '\\" + printable(e) + "'");
          }
        }
      }
    }
  }

  private void number() {
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
      if (isDigit(peek())) {
        throw error("leading zero in a number");
      }
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw error("expected a digit");
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw error("expected a digit after '.'");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw error("expected a digit in the exponent");
      }
      digits();
    }
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private void literal(String word) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected character '" + printable(text.charAt(pos)) + "'");
    }
    pos += word.length();
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  /** An array or object opens at {@code depth}: refuses it when that nests it too deep. */
  private void enter(int depth) {
    if (depth >= MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
  }

  /** Consumes one character between values, refusing the end of the text. */
  private char next() {
    if (pos >= text.length()) {
      throw error("unexpected end of text");
    }
    return text.charAt(pos++);
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\uFFFF';
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : String.valueOf(c);
  }

  private Malformed error(String what) {
    return new Malformed(what + " at offset " + Math.min(pos, text.length()));
  }

  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }
}
