package io.fetchq.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A plain-text table: a header row and rows, columns padded to their widest cell, numbers aligned
 * right. No colours and no box drawing, so it reads the same in a terminal, a file or a pipe.
 */
final class Table {
  private static final Pattern NUMBER = Pattern.compile("-?\\d+");
  private static final String GAP = "  ";

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row of as many cells as the header has; a null cell is shown as {@code -}. */
  Table row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + header.size());
    }
    List<String> row = new ArrayList<>(cells.length);
    for (Object cell : cells) {
      row.add(cell == null ? "-" : cell.toString());
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table as lines, each ending with a line break. */
  String render() {
    int columns = header.size();
    int[] widths = new int[columns];
    boolean[] numeric = new boolean[columns];
    for (int c = 0; c < columns; c++) {
      widths[c] = header.get(c).length();
      numeric[c] = !rows.isEmpty();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
        numeric[c] &= NUMBER.matcher(row.get(c)).matches();
      }
    }
    StringBuilder text = new StringBuilder();
    line(text, header, widths, numeric);
    rows.forEach(row -> line(text, row, widths, numeric));
    return text.toString();
  }

  private static void line(StringBuilder text, List<String> cells, int[] widths, boolean[] numeric) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      String padding = " ".repeat(widths[c] - cell.length());
      if (c > 0) {
        line.append(GAP);
      }
      line.append(numeric[c] ? padding + cell : cell + (c == cells.size() - 1 ? "" : padding));
    }
    text.append(line).append('\n');
  }
}
