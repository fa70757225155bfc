package io.fetchq.examples.heroes.crawler;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the crawler read on a hero's profile page.
 *
 * @param hero the hero's subject (the page's name)
 * @param name the name shown on the page
 * @param power the hero's power
 * @param allies the subjects of the heroes the page links to
 */
public record Profile(String hero, String name, String power, List<String> allies) {
  private static final Pattern NAME = Pattern.compile("<h1>([^<]*)</h1>");
  private static final Pattern POWER = Pattern.compile("<p class=\"power\">([^<]*)</p>");
  private static final Pattern LINK = Pattern.compile("href=\"/heroes/([a-z0-9-]+)\"");

  public Profile {
    allies = List.copyOf(allies);
  }

  /** Reads the profile page of {@code hero}. */
  public static Profile parse(String hero, String html) {
    List<String> allies = new ArrayList<>();
    Matcher link = LINK.matcher(html);
    while (link.find()) {
      allies.add(link.group(1));
    }
    return new Profile(hero, first(NAME, html), first(POWER, html), allies);
  }

  private static String first(Pattern pattern, String html) {
    Matcher m = pattern.matcher(html);
    return m.find() ? m.group(1) : "";
  }
}
