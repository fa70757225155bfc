package io.fetchq.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak memory over one measured section: the sum of the peak usage of every heap
 * pool (eden, survivor, old), and the peak resident set size ({@code VmHWM}), both reset when a
 * section starts. Writing {@code 5} to {@code /proc/self/clear_refs} resets {@code VmHWM} (Linux);
 * where that is refused the RSS peak is the process's since it started.
 */
final class Memory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private Memory() {}

  static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    try {
      Files.writeString(CLEAR_REFS, "5");
    } catch (IOException | RuntimeException e) {
      // not Linux, or not allowed: VmHWM then covers the whole process
    }
  }

  /** Bytes: the sum of the heap pools' peak usage since the last reset. */
  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /**
   * Bytes allocated on the heap so far by the threads alive now, each counted since it started
   * ({@code com.sun.management.ThreadMXBean}); -1 where the JVM does not count them. The difference
   * of two readings is what the section between them allocated, less what threads that ended
   * within it had allocated.
   */
  static long allocatedBytes() {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
        || !threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
      return -1;
    }
    long sum = 0;
    for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      if (allocated > 0) {
        sum += allocated;
      }
    }
    return sum;
  }

  /** Bytes: the peak resident set size, or -1 where {@code /proc/self/status} does not exist. */
  static long peakRss() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }
}
