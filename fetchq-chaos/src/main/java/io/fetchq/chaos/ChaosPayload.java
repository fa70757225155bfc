package io.fetchq.chaos;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chaos task's payload: how many times it rescheduled itself, and the lease of the run whose
 * outcome wrote it. Every run that ends with a payload names itself, so the payload a run sees at
 * its pick tells which earlier outcome was the last one applied.
 */
record ChaosPayload(int reschedules, long writtenBy) {
  static final ChaosPayload FIRST = new ChaosPayload(0, 0);
  private static final Pattern SHAPE = Pattern.compile("\\{\"r\":(\\d+),\"by\":(-?\\d+)}");

  static ChaosPayload parse(String json) {
    Matcher m = SHAPE.matcher(json == null ? "" : json.replace(" ", ""));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a chaos payload: " + json);
    }
    return new ChaosPayload(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
  }

  String json() {
    return "{\"r\":" + reschedules + ",\"by\":" + writtenBy + "}";
  }
}
