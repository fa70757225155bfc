package io.fetchq.examples.heroes.site;

/** Renders a hero's profile as the small HTML page the site serves. */
final class ProfilePage {
  private ProfilePage() {}

  static String of(HeroUniverse universe, int hero) {
    StringBuilder html = new StringBuilder(512)
        .append("<!doctype html>\n<html><head><title>").append(universe.displayName(hero)).append("</title></head>\n<body>\n")
        .append("<h1>").append(universe.displayName(hero)).append("</h1>\n")
        .append("<p class=\"power\">").append(universe.power(hero)).append("</p>\n")
        .append("<h2>Allies</h2>\n<ul>\n");
    for (int ally : universe.links(hero)) {
      html.append("<li><a href=\"/heroes/").append(universe.name(ally)).append("\">")
          .append(universe.displayName(ally)).append("</a></li>\n");
    }
    return html.append("</ul>\n</body></html>\n").toString();
  }
}
