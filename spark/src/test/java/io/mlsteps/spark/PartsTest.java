package io.mlsteps.spark;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.LongUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** A part's table of partitions and rows travels with it, and recorded lines become lines of the whole data. */
class PartsTest {
    @Test
    void aPartCarriesItsPartitionsAndSink() {
        byte[] part = Parts.encode(Map.of(3, 10L, 1, 7L), new byte[]{42, 43});
        assertThat(Parts.rows(part)).containsExactly(Map.entry(1, 7L), Map.entry(3, 10L));
        assertThat(Parts.sink(part)).containsExactly(42, 43);
    }

    @Test
    void recordedLinesCountFromTheStartOfTheDataBehindTheEarlierPartitions() {
        // partitions 0, 1, 2 with 5, 7 and 4 rows below a header line: the first row is line 2
        LongUnaryOperator lineOf = Parts.lines(Map.of(0, 5L, 1, 7L, 2, 4L), 2);
        assertThat(lineOf.applyAsLong(Parts.line(0, 1))).isEqualTo(2);
        assertThat(lineOf.applyAsLong(Parts.line(1, 1))).isEqualTo(7);
        assertThat(lineOf.applyAsLong(Parts.line(2, 4))).isEqualTo(2 + 5 + 7 + 3);
        // a partition index never seen (no rows) adds nothing
        assertThat(Parts.lines(Map.of(0, 5L, 2, 4L), 1).applyAsLong(Parts.line(2, 1))).isEqualTo(6);
        // order is kept: a later partition's first line comes after an earlier one's last
        assertThat(Parts.line(1, 1)).isGreaterThan(Parts.line(0, Parts.LINE_MASK));
    }
}
