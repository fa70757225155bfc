package io.fetchq.examples.heroes.crawler;

/**
 * The site answered 404: the hero's profile is gone. The crawler lets it escape so that the queue's
 * {@link io.fetchq.ThresholdPolicy} decides: {@code killOn(ProfileGoneException.class)} kills the
 * task at once, the default counts it toward the threshold. It carries no stack trace, which would
 * only fill the error log.
 */
public final class ProfileGoneException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProfileGoneException(String hero) {
    super("profile gone: /heroes/" + hero + " answered 404", null, false, false);
  }
}
