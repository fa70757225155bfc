package io.fetchq;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The bounds of Fetchq's domain, the same for every backend: a value outside them is refused with an
 * {@link InvalidArgumentException} naming the field and the rule, before anything reaches the
 * database. Read them to check input early or to size batches.
 */
public final class Limits {
  /** Queue names: a lower-case letter, then up to 39 lower-case letters, digits or underscores. */
  public static final Pattern QUEUE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  /** The longest queue name. */
  public static final int MAX_QUEUE_NAME_LENGTH = 40;
  /**
   * The longest subject in UTF-8 bytes: it is a key of a B-tree index, whose entries PostgreSQL
   * caps at about 2.7 kB.
   */
  public static final int MAX_SUBJECT_BYTES = 2048;
  /** The longest payload, in characters of its JSON text. */
  public static final int MAX_PAYLOAD_LENGTH = 16 * 1024 * 1024;
  /** The longest error message. */
  public static final int MAX_MESSAGE_LENGTH = 8192;
  /** The highest payload version. */
  public static final int MAX_VERSION = Short.MAX_VALUE;
  /** The lowest priority. */
  public static final int MIN_PRIORITY = Short.MIN_VALUE;
  /** The highest priority. */
  public static final int MAX_PRIORITY = Short.MAX_VALUE;
  /** The most tasks, subjects, outcomes or leases in one call, and the most entries one read returns. */
  public static final int MAX_BATCH = 50_000;
  /** The longest lock a picker may take. */
  public static final Duration MAX_LOCK = Duration.ofDays(7);
  /** The longest delay or retention: a hundred years. */
  public static final Duration MAX_DELAY = Duration.ofDays(36_500);
  /** The earliest instant a task may be due. */
  public static final Instant MIN_INSTANT = Instant.parse("1970-01-01T00:00:00Z");
  /** The latest instant a task may be due. */
  public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T00:00:00Z");

  private Limits() {}
}
