package io.fetchq;

/**
 * A task's payload could not be read as the asked type by the client's {@link PayloadCodec} (or
 * there is no codec). Reading the same bytes with the same code cannot succeed, so when a handler
 * lets it escape, the runtime kills the task at once with this message in its error log; fix the
 * payload (upsert) or the type, then push the task again.
 */
public class UnreadablePayloadException extends FetchqException {
  private static final long serialVersionUID = 1L;

  public UnreadablePayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
