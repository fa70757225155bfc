package io.fetchq;

/**
 * Bad input refused before anything touches the database. The message names the field and the
 * rule it broke; nothing stored is changed by the call that threw it.
 */
public final class InvalidArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String rule;

  public InvalidArgumentException(String field, String rule) {
    super(field + ": " + rule);
    this.field = field;
    this.rule = rule;
  }

  /** The name of the offending field, for example {@code subject} or {@code lock}. */
  public String field() {
    return field;
  }

  /** The rule the value broke, in words. */
  public String rule() {
    return rule;
  }
}
