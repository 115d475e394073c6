package io.mlsteps.compare;

/**
 * The bootstrap's pseudo-random numbers: Steele, Lea and Flood's SplitMix64, written out so that any other
 * implementation (the Python oracle in the tests, a user re-checking a result) draws the same resampling
 * indices from the same seed.
 *
 * <p>The state after {@code k} draws is {@code seed + k * 0x9E3779B97F4A7C15} (mod 2<sup>64</sup>); draw
 * {@code k} (1-based) is {@code mix(seed + k * gamma)} with the variant-13 finaliser
 * {@code z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >>> 27)) * 0x94D049BB133111EB; z ^ (z >>> 31)}.
 * An index below {@code n} is {@code floor((draw >>> 11) * 2^-53 * n)}. Because the state is a counter,
 * any resample can be generated on its own (and so in parallel) and still equal the sequential stream.
 */
public final class SplitMix64 {
    static final long GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** A generator positioned after {@code draws} draws of the stream that starts at {@code seed}. */
    public static SplitMix64 skipped(long seed, long draws) {
        return new SplitMix64(seed + draws * GAMMA);
    }

    public long nextLong() {
        state += GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform double in [0, 1) from the top 53 bits of the next draw. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** An index in [0, n): {@code floor(nextDouble() * n)}. */
    public int nextIndex(int n) {
        return (int) (nextDouble() * n);
    }
}
