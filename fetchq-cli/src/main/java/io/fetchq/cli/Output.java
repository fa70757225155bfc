package io.fetchq.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;

/**
 * Where a command's result goes: stdout, as plain text for people or, with {@code --json}, as JSON
 * for scripts (one pretty-printed document per command, or one compact document per line for
 * {@code stats --watch}). Diagnostics never go here: they go to stderr.
 */
final class Output {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintStream out;
  private final boolean json;

  Output(PrintStream out, boolean json) {
    this.out = out;
    this.json = json;
  }

  /** Whether the result is wanted as JSON. */
  boolean json() {
    return json;
  }

  /** Prints one JSON document, indented. */
  void document(JsonNode document) {
    out.println(write(document, true));
    out.flush();
  }

  /** Prints one JSON document on one line. */
  void line(JsonNode document) {
    out.println(write(document, false));
    out.flush();
  }

  /** Prints text as it is. */
  void text(String text) {
    out.print(text);
    out.flush();
  }

  /** Prints one line of text. */
  void println(String line) {
    out.println(line);
    out.flush();
  }

  private static String write(JsonNode document, boolean indent) {
    try {
      return indent ? MAPPER.writeValueAsString(document) : MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }
}
