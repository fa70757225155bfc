package io.fetchq.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The append-only history of one worker JVM: one line per run, written in one call before the
 * handler returns, so a run whose outcome may be applied is always on file. A kill -9 can cut only
 * the last line.
 */
final class HistoryFile implements AutoCloseable {
  private final FileChannel channel;

  HistoryFile(Path file) {
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized void append(RunRecord run) {
    try {
      channel.write(java.nio.ByteBuffer.wrap((run.line() + "\n").getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
