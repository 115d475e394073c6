package io.mlsteps.data;

import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CsvQuoteTrackerTest {
    /**
     * {@link CsvQuoteTracker#feedAll} (with its 8-bytes-at-a-time path for ranges without quotes) finds the
     * same record boundaries, lines and quoting state as feeding byte by byte, on random CSV-like bytes with
     * rare or frequent quotes, cut into ranges of random lengths; and it notes exactly the ranges that hold a
     * quote, CR or non-ASCII byte (the others are split with no check but delimiter and line feed).
     */
    @Test
    void feedAllAgreesWithFeedingByteByByte() {
        Random random = new Random(5);
        byte[] alphabet = "ab,\n\r\"x1 ?".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        alphabet[alphabet.length - 1] = (byte) 0xC3; // a non-ASCII byte
        for (int round = 0; round < 400; round++) {
            int quoteEvery = round % 2 == 0 ? 2000 : 15;
            byte[] buf = new byte[random.nextInt(3000)];
            for (int i = 0; i < buf.length; i++) {
                byte c = alphabet[random.nextInt(alphabet.length)];
                buf[i] = c == '"' && random.nextInt(quoteEvery) != 0 ? (byte) 'q' : c;
                if ((c == '\r' || c < 0) && random.nextInt(quoteEvery) != 0) {
                    buf[i] = 'r'; // CRs and non-ASCII bytes as rare as quotes
                }
            }
            CsvQuoteTracker bytewise = new CsvQuoteTracker("f", ',', 1 << 20, 1);
            CsvQuoteTracker ranged = new CsvQuoteTracker("f", ',', 1 << 20, 1);
            int from = 0;
            while (from < buf.length) {
                int to = Math.min(buf.length, from + 1 + random.nextInt(200));
                int expectedLast = -1;
                long expectedLine = -1;
                for (int i = from; i < to; i++) {
                    if (bytewise.feed(buf[i])) {
                        expectedLast = i + 1;
                        expectedLine = bytewise.line();
                    }
                }
                int last = ranged.feedAll(buf, from, to);
                boolean special = false;
                for (int i = from; i < to; i++) {
                    special |= buf[i] == '"' || buf[i] == '\r' || buf[i] < 0;
                }
                assertThat(ranged.takeSpecial()).as("plain range [%d, %d)", from, to).isEqualTo(special);
                assertThat(last).as("round %d range [%d, %d)", round, from, to).isEqualTo(expectedLast);
                if (last > 0) {
                    assertThat(ranged.lineAtLastBoundary()).isEqualTo(expectedLine);
                }
                assertThat(ranged.line()).isEqualTo(bytewise.line());
                assertThat(ranged.inQuotes()).isEqualTo(bytewise.inQuotes());
                from = to;
            }
            boolean unclosedBytewise = throwsAtEnd(bytewise);
            assertThat(throwsAtEnd(ranged)).isEqualTo(unclosedBytewise);
        }
    }

    private static boolean throwsAtEnd(CsvQuoteTracker tracker) {
        try {
            tracker.checkEnd();
            return false;
        } catch (InputException e) {
            return true;
        }
    }
}
