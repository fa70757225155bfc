package io.fetchq.chaos;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The append-only history of one worker JVM: one line per run, written in one call before the
 * handler returns, so a run whose outcome may be applied is always on file. A kill -9 can cut only
 * the last line. A stream, not a channel: an interrupted handler thread (the lock watch interrupts
 * a run past its lock) must not close the file for the whole JVM.
 */
final class HistoryFile implements AutoCloseable {
  private final FileOutputStream out;

  HistoryFile(Path file) {
    try {
      out = new FileOutputStream(file.toFile(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized void append(RunRecord run) {
    try {
      out.write((run.line() + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
