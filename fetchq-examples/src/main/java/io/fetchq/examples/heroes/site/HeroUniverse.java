package io.fetchq.examples.heroes.site;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The generated universe of heroes. Hero {@code i} has a name ending in {@code -i}, a power, and
 * links to its three "protégés" {@code 3i+1..3i+3} (so every hero is reachable from hero 0), to its
 * mentor {@code (i-1)/3}, and to three heroes picked by a hash (so many links point back to heroes
 * already seen). Everything is computed from {@code i} and the seed, so a million heroes cost no
 * memory.
 */
public final class HeroUniverse {
  private static final String[] TITLES = {
    "captain", "doctor", "silver", "iron", "shadow", "mighty", "crimson", "night",
    "storm", "star", "golden", "quantum", "cosmic", "phantom", "thunder", "scarlet"
  };
  private static final String[] NOUNS = {
    "falcon", "wolf", "spider", "hawk", "tiger", "comet", "blade", "arrow",
    "lynx", "raven", "viper", "titan", "owl", "fox", "bolt", "wasp"
  };
  private static final String[] POWERS = {
    "flight", "super strength", "invisibility", "telepathy", "time travel", "weather control",
    "shape shifting", "super speed", "force fields", "x-ray vision", "healing", "teleportation"
  };
  private static final int RANDOM_LINKS = 3;

  private final int size;
  private final long seed;
  private final double vanishRate;

  /**
   * A universe of {@code size} heroes, of which about {@code vanishRate} (0 to 1) are mortal: their
   * profile vanishes from the site after it was read once. Hero 0, where the crawl starts, never vanishes.
   */
  public HeroUniverse(int size, long seed, double vanishRate) {
    if (size < 1) {
      throw new IllegalArgumentException("a universe needs at least one hero: " + size);
    }
    if (vanishRate < 0 || vanishRate > 1) {
      throw new IllegalArgumentException("vanishRate must be between 0 and 1: " + vanishRate);
    }
    this.size = size;
    this.seed = seed;
    this.vanishRate = vanishRate;
  }

  /** How many heroes there are. */
  public int size() {
    return size;
  }

  /** The name of hero {@code i}: its subject in the queue and its page at {@code /heroes/NAME}. */
  public String name(int i) {
    checkIndex(i);
    long h = mix(i);
    return TITLES[(int) (h & 15)] + "-" + NOUNS[(int) ((h >>> 4) & 15)] + "-" + i;
  }

  /** The hero called {@code name}, or -1 when no hero is. */
  public int index(String name) {
    int dash = name == null ? -1 : name.lastIndexOf('-');
    if (dash < 0 || dash == name.length() - 1 || name.length() - dash > 8) {
      return -1;
    }
    int i = 0;
    for (int k = dash + 1; k < name.length(); k++) {
      char c = name.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      i = i * 10 + (c - '0');
    }
    return i < size && name.equals(name(i)) ? i : -1;
  }

  /** How hero {@code i} is shown: "Silver Falcon". */
  public String displayName(int i) {
    String[] words = name(i).split("-");
    return capital(words[0]) + " " + capital(words[1]);
  }

  /** Hero {@code i}'s power. */
  public String power(int i) {
    return POWERS[(int) ((mix(i) >>> 8) % POWERS.length)];
  }

  /** The heroes hero {@code i}'s profile links to, without repeats or itself. */
  public List<Integer> links(int i) {
    checkIndex(i);
    Set<Integer> links = new LinkedHashSet<>();
    for (long child = 3L * i + 1; child <= 3L * i + 3 && child < size; child++) {
      links.add((int) child);
    }
    if (i > 0) {
      links.add((i - 1) / 3);
    }
    long h = mix(i ^ 0x5bd1e995L);
    for (int k = 0; k < RANDOM_LINKS && size > 1; k++) {
      h = mix(h);
      links.add((int) Long.remainderUnsigned(h, size));
    }
    links.remove(i);
    return new ArrayList<>(links);
  }

  /** Whether hero {@code i}'s profile vanishes after it was read once. */
  public boolean mortal(int i) {
    checkIndex(i);
    return i != 0 && (mix(i * 31L + 7) >>> 11) / (double) (1L << 53) < vanishRate;
  }

  private long mix(long value) {
    long z = value * 0x9E3779B97F4A7C15L + seed;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("no hero " + i + " in a universe of " + size);
    }
  }

  private static String capital(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
