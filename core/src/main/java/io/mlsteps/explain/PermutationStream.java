package io.mlsteps.explain;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The random numbers of permutation importance, written out so that an independent script draws the same row
 * sample and the same permutations (docs/steps/evaluateModel.md, "Permutation importance").
 *
 * <p>Every stream is a {@link SplittableRandom}, i.e. SplitMix64: from state {@code s} a draw adds
 * {@code 0x9E3779B97F4A7C15} to {@code s} and returns Stafford's variant-13 mix of it. The seed of stream
 * {@code k} is the first draw of {@code new SplittableRandom(seed + k * 0x9E3779B97F4A7C15)}, i.e. the
 * {@code (k+1)}-th draw of the stream that starts at {@code seed}: stream 0 draws the row sample, stream
 * {@code 1 + j * repeats + r} permutes feature {@code j} (0-based, in the model's column order) in repeat {@code r}.
 * An index below {@code n} is {@code floor((draw >>> 11) * 2^-53 * n)}. Each stream is computed on its own, so the
 * work runs in parallel and gives the same numbers whatever the thread count.
 */
public final class PermutationStream {
    static final long GAMMA = 0x9E3779B97F4A7C15L;

    private PermutationStream() {
    }

    /** The seed of stream {@code k} of {@code seed}. */
    public static long streamSeed(long seed, long k) {
        return new SplittableRandom(seed + k * GAMMA).nextLong();
    }

    /** The stream that permutes feature {@code feature} in repeat {@code repeat}. */
    public static long permutationSeed(long seed, int feature, int repeat, int repeats) {
        return streamSeed(seed, 1 + (long) feature * repeats + repeat);
    }

    static int index(SplittableRandom random, int n) {
        return (int) ((random.nextLong() >>> 11) * 0x1.0p-53 * n);
    }

    /**
     * A uniform permutation of {@code 0..n-1} by Durstenfeld's shuffle of the identity: for {@code i} from
     * {@code n-1} down to 1, swap positions {@code i} and {@code index(i + 1)}. Row {@code i} of the permuted data
     * takes the column's value of row {@code order[i]}.
     */
    public static int[] permutation(long streamSeed, int n) {
        SplittableRandom random = new SplittableRandom(streamSeed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = index(random, i + 1);
            int t = order[i];
            order[i] = order[k];
            order[k] = t;
        }
        return order;
    }

    /**
     * {@code m} of the rows {@code 0..n-1} without replacement, in ascending order (all rows when {@code m >= n}
     * or {@code m == 0}): the first {@code m} positions of a partial shuffle of the identity by stream 0, where
     * position {@code i} swaps with {@code i + index(n - i)}.
     */
    public static int[] sample(long seed, int n, int m) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        if (m <= 0 || m >= n) {
            return rows;
        }
        SplittableRandom random = new SplittableRandom(streamSeed(seed, 0));
        for (int i = 0; i < m; i++) {
            int k = i + index(random, n - i);
            int t = rows[i];
            rows[i] = rows[k];
            rows[k] = t;
        }
        int[] chosen = Arrays.copyOf(rows, m);
        Arrays.sort(chosen);
        return chosen;
    }
}
