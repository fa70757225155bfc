package io.fetchq.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The exit codes scripts can rely on, each with the line {@code fetchq --help} shows for it. */
enum ExitCode {
  OK(0, "success"),
  FAILED(1, "anything else went wrong (the message says what)"),
  USAGE(2, "bad arguments: the usage and the rule broken are printed; nothing was touched"),
  QUEUE_NOT_FOUND(3, "the queue does not exist"),
  DATABASE_UNAVAILABLE(4, "the database cannot be reached, refuses the login, or is unavailable"),
  NOT_READY(5, "the configuration is unusable, or the schema is missing or not migrated (run: fetchq migrate)"),
  NOT_MOVED(6, "with --strict: some subjects did not move (retry, run-now, cancel)");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  int code() {
    return code;
  }

  /** The help's exit code list: each code, right-aligned, with its meaning. */
  static Map<String, String> helpList() {
    Map<String, String> lines = new LinkedHashMap<>();
    for (ExitCode exit : values()) {
      lines.put(String.format(Locale.ROOT, "%3d", exit.code), exit.meaning);
    }
    return lines;
  }
}
