package io.fetchq.memory;

import java.util.Comparator;

/**
 * The order of subjects: by Unicode code point, which is the byte order of their UTF-8 forms and so
 * the order of the postgres backend's subjects ({@code COLLATE "C"}). Java's own {@link
 * String#compareTo} compares UTF-16 units, which puts characters above U+FFFF before U+E000..U+FFFF.
 */
final class SubjectOrder implements Comparator<String> {
  /** The one order of subjects. */
  static final SubjectOrder UTF8 = new SubjectOrder();

  private SubjectOrder() {}

  @Override
  public int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return Integer.compare(codePointRank(x), codePointRank(y));
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /**
   * Where a UTF-16 unit that differs first ranks in code point order: surrogates (the halves of a
   * code point above U+FFFF) rank above every other unit, U+E000..U+FFFF just below them.
   */
  private static int codePointRank(char unit) {
    if (unit < Character.MIN_SURROGATE) {
      return unit;
    }
    return Character.isSurrogate(unit) ? unit + 0x2000 : unit - 0x800;
  }
}
