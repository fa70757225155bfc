package io.fetchq.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Lease blocks hand out each token once, read the sequence once per block, and stay above old tokens. */
class LeaseBlocksTest {
  private final AtomicLong sequence = new AtomicLong(41);
  private final AtomicLong reads = new AtomicLong();
  private final LeaseBlocks blocks = new LeaseBlocks();

  private long take(int count) {
    return blocks.take(count, () -> {
      reads.incrementAndGet();
      return sequence.incrementAndGet();
    });
  }

  @Test
  void tokensAreGivenOnceAndTheSequenceIsReadOncePerBlock() {
    Set<Long> tokens = new HashSet<>();
    for (int pick = 0; pick < 30; pick++) {
      long base = take(100_000);
      for (long token = base + 1; token <= base + 100_000; token++) {
        assertThat(tokens.add(token)).as("token %d given twice", token).isTrue();
      }
    }
    // ten picks of 100,000 fit in a block of 2^20 - 1 tokens: three blocks for thirty picks
    assertThat(reads).hasValue(3);
    assertThat(tokens).allSatisfy(token -> assertThat(token).isGreaterThan(42L << LeaseBlocks.BLOCK_BITS));
  }

  @Test
  void everyTokenLiesAboveTheSequenceValuesReadOneByOne() {
    long base = take(1);
    assertThat(base + 1).as("above 42, the last value a pick could have read itself").isGreaterThan(42);
    assertThat(base).isEqualTo(42L << LeaseBlocks.BLOCK_BITS);
  }

  @Test
  void aPickLargerThanABlockIsRefused() {
    assertThatThrownBy(() -> take(1 << LeaseBlocks.BLOCK_BITS)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count");
    assertThatThrownBy(() -> take(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
