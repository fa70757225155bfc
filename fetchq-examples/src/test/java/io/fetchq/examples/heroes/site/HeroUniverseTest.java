package io.fetchq.examples.heroes.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeroUniverseTest {

  @Test
  void namesAreUniqueAndLeadBackToTheirHero() {
    HeroUniverse universe = new HeroUniverse(20_000, 42, 0.05);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < universe.size(); i++) {
      String name = universe.name(i);
      assertThat(names.add(name)).as(name).isTrue();
      assertThat(universe.index(name)).isEqualTo(i);
    }
    assertThat(universe.index("silver-spider-20000")).isEqualTo(-1);
    assertThat(universe.index("nobody")).isEqualTo(-1);
    assertThat(universe.index("captain-owl-x")).isEqualTo(-1);
  }

  @Test
  void everyHeroIsReachableFromTheFirstAndManyLinksPointBack() {
    HeroUniverse universe = new HeroUniverse(1000, 7, 0.05);
    BitSet seen = new BitSet();
    Deque<Integer> todo = new ArrayDeque<>();
    todo.add(0);
    seen.set(0);
    long links = 0;
    while (!todo.isEmpty()) {
      int hero = todo.poll();
      for (int ally : universe.links(hero)) {
        links++;
        assertThat(ally).isNotEqualTo(hero);
        if (!seen.get(ally)) {
          seen.set(ally);
          todo.add(ally);
        }
      }
    }
    assertThat(seen.cardinality()).isEqualTo(1000);
    assertThat(links).as("links in all, most to heroes already seen").isGreaterThan(4_500);
  }

  @Test
  void aboutTheAskedShareOfHeroesIsMortalButNeverTheFirst() {
    HeroUniverse universe = new HeroUniverse(100_000, 1, 0.05);
    int mortal = 0;
    for (int i = 0; i < universe.size(); i++) {
      mortal += universe.mortal(i) ? 1 : 0;
    }
    assertThat(mortal).isBetween(4_500, 5_500);
    assertThat(new HeroUniverse(10, 1, 1.0).mortal(0)).isFalse();
  }
}
