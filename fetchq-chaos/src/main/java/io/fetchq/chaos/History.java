package io.fetchq.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every run of a run's worker JVMs, read back from their history files, by subject in the order the
 * runs started. A line a kill cut short is left out and counted.
 *
 * @param runsBySubject each subject's runs, by start
 * @param runs how many runs were read
 * @param cutLines lines left out because they were cut short
 */
record History(Map<String, List<RunRecord>> runsBySubject, long runs, int cutLines) {

  static History read(Path directory) throws IOException {
    Map<String, List<RunRecord>> bySubject = new HashMap<>();
    long runs = 0;
    int cut = 0;
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(p -> p.getFileName().toString().startsWith("history-")).sorted().toList();
    }
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        var run = RunRecord.parse(line);
        if (run.isEmpty()) {
          cut++;
          continue;
        }
        runs++;
        bySubject.computeIfAbsent(run.get().subject(), s -> new ArrayList<>()).add(run.get());
      }
    }
    bySubject.values().forEach(list -> list.sort(Comparator.comparingLong(RunRecord::start)));
    return new History(bySubject, runs, cut);
  }
}
