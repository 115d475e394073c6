package io.mlsteps.data;

import org.apache.datasketches.hash.MurmurHash3;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Sketch;
import org.apache.datasketches.theta.Union;
import org.apache.datasketches.theta.UpdateSketch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The distinct-rows sketch gives DataSketches' update sketch byte for byte, alone and merged, whatever the repeats. */
class RowHashesTest {
    private static final int K = 1 << 10; // small, so that the rebuild point is crossed many times

    @Test
    void theHashIsTheUpdateSketchsMurmurHash() {
        SplittableRandom random = new SplittableRandom(1);
        for (long v : new long[]{0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertThat(RowHashes.hash(v)).isEqualTo(MurmurHash3.hash(new long[]{v}, 9001L)[0] >>> 1);
        }
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong();
            assertThat(RowHashes.hash(v)).isEqualTo(MurmurHash3.hash(new long[]{v}, 9001L)[0] >>> 1);
        }
    }

    @Test
    void aloneItIsTheUpdateSketchAtEverySize() {
        // empty, one row, exact, between k and the rebuild point, estimation; with and without repeats
        for (int rows : new int[]{0, 1, 2, 700, K, K + 1, 1500, 1921, 1922, 1923, 5000, 100_000}) {
            for (LongUnaryOperator values : valueKinds(rows)) {
                RowHashes mine = new RowHashes(K);
                UpdateSketch theirs = UpdateSketch.builder().setNominalEntries(K).build();
                for (long i = 0; i < rows; i++) {
                    long v = values.applyAsLong(i);
                    mine.update(v);
                    theirs.update(v);
                }
                assertThat(mine.compact().toByteArray()).as("%d rows", rows).isEqualTo(theirs.compact().toByteArray());
            }
        }
    }

    @Test
    void withTheProfilesSizeItIsTheUpdateSketch() {
        int k = DatasetProfile.ROW_SKETCH_ENTRIES; // large arrays appended to between rebuilds: sorted in buckets
        for (LongUnaryOperator values : valueKinds(700_000)) {
            RowHashes mine = new RowHashes(k);
            UpdateSketch theirs = UpdateSketch.builder().setNominalEntries(k).build();
            for (long i = 0; i < 700_000; i++) {
                long v = values.applyAsLong(i);
                mine.update(v);
                theirs.update(v);
            }
            assertThat(mine.compact().toByteArray()).isEqualTo(theirs.compact().toByteArray());
        }
    }

    @Test
    void mergedItIsTheUnionOfUpdateSketches() {
        SplittableRandom random = new SplittableRandom(5);
        for (int rows : new int[]{10, 3000, 50_000, 200_000}) {
            for (LongUnaryOperator values : valueKinds(rows)) {
                int parts = 2 + random.nextInt(3);
                List<RowHashes> mine = new ArrayList<>();
                List<UpdateSketch> theirs = new ArrayList<>();
                for (int p = 0; p < parts; p++) {
                    mine.add(new RowHashes(K));
                    theirs.add(UpdateSketch.builder().setNominalEntries(K).build());
                }
                for (long i = 0; i < rows; i++) {
                    int p = random.nextInt(parts); // rows spread over the parts at random, as chunks over workers
                    long v = values.applyAsLong(i);
                    mine.get(p).update(v);
                    theirs.get(p).update(v);
                }
                Sketch a = null;
                Sketch b = null;
                for (int p = 0; p < parts; p++) {
                    a = a == null ? mine.get(p).compact() : union(a, mine.get(p).compact());
                    b = b == null ? theirs.get(p) : union(b, theirs.get(p));
                }
                assertThat(a.toByteArray()).as("%d rows in %d parts", rows, parts).isEqualTo(b.compact().toByteArray());
                // two collectors merged directly: the library's union of the two
                assertThat(RowHashes.union(mine.get(0), mine.get(1)).toByteArray()).as("%d rows, direct", rows)
                        .isEqualTo(union(theirs.get(0), theirs.get(1)).toByteArray());
            }
        }
    }

    @Test
    void mergedDirectlyWithAnEmptyOrTinyPartItIsTheLibrarysUnion() {
        for (int rows : new int[]{0, 1, 2, 5000}) {
            RowHashes mine = new RowHashes(K);
            RowHashes none = new RowHashes(K);
            UpdateSketch theirs = UpdateSketch.builder().setNominalEntries(K).build();
            UpdateSketch nothing = UpdateSketch.builder().setNominalEntries(K).build();
            for (long i = 0; i < rows; i++) {
                mine.update(i);
                theirs.update(i);
            }
            assertThat(RowHashes.union(mine, none).toByteArray()).as("%d rows", rows)
                    .isEqualTo(union(theirs, nothing).toByteArray());
            assertThat(RowHashes.union(none, mine).toByteArray()).as("%d rows, other order", rows)
                    .isEqualTo(union(nothing, theirs).toByteArray());
        }
    }

    private static Sketch union(Sketch x, Sketch y) {
        Union union = SetOperation.builder().setNominalEntries(K).buildUnion();
        union.union(x);
        union.union(y);
        return union.getResult();
    }

    /** All distinct, each value twice in a row, each value three times spread out, five values over and over. */
    private static List<LongUnaryOperator> valueKinds(int rows) {
        return List.of(i -> i * 0x9E3779B97F4A7C15L, i -> (i / 2) * 31 + 7, i -> (i * 7919) % Math.max(1, rows / 3),
                i -> i % 5);
    }
}
