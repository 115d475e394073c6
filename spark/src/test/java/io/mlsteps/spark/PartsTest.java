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

    @Test
    void aBadRecordTravelsWithItsPartAndIsPlacedInItsFile() throws Exception {
        Parts.BadRecord early = new Parts.BadRecord(1, "a.csv", 100, 3, 2, "expected 2 fields but found 1");
        Parts.BadRecord late = new Parts.BadRecord(4, "b.csv", 0, 1, 1, "its header differs");
        byte[] one = Parts.encode(Map.of(1, 10L), early, new byte[0]);
        byte[] two = Parts.encode(Map.of(0, 5L, 4, 7L), late, new byte[0]);
        assertThat(Parts.bad(one)).isEqualTo(early);
        assertThat(Parts.rows(one)).containsExactly(Map.entry(1, 10L));
        assertThat(Parts.bad(Parts.encode(Map.of(0, 5L), new byte[]{1}))).isNull();
        assertThat(Parts.sink(Parts.encode(Map.of(0, 5L), new byte[]{1, 2}))).containsExactly(1, 2);
        byte[] merged = new Parts.Merger<>(null).call(two, one);
        assertThat(Parts.bad(merged)).isEqualTo(early);
        assertThat(Parts.rows(merged)).containsOnlyKeys(0, 1, 4);
        // split size 100: the split from byte 100 is the file's second, behind partition 0's 5 lines
        assertThat(early.locate(Parts.rows(merged), 100)).hasMessageStartingWith("a.csv:8:2: expected 2 fields");
        assertThat(late.locate(Parts.rows(merged), 100)).hasMessageStartingWith("b.csv:1:1: its header differs");
    }
}
