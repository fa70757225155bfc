package io.fetchq.examples.heroes.crawler;

/** The site failed in a way that may pass: an HTTP 5xx answer or no answer in time. Worth a retry. */
public final class SiteUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public SiteUnavailableException(String message) {
    super(message, null, false, false);
  }
}
