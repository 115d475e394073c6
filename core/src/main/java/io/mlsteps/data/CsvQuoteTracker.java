package io.mlsteps.data;

import io.mlsteps.util.InputException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Follows the quoting of a CSV stream character by character (the same rules as FastCSV: a quote opens a
 * quoted field only at the start of a field, {@code ""} inside is an escaped quote), so that a record
 * boundary can be found without parsing, an unclosed quote is reported where it opened, and a runaway
 * quoted field is stopped at the field-length limit instead of swallowing the file. Works on bytes of
 * UTF-8 too: the characters it looks at are ASCII and never part of a multi-byte sequence.
 */
final class CsvQuoteTracker {
    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;
    /** Reads 8 bytes of a byte array as one long, for the quote-free scan. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;
    private static final long CARRIAGE_RETURNS = 0x0D0D0D0D0D0D0D0DL;
    private static final long HIGH_BITS = 0x8080808080808080L;
    /** {@link #quoteFree}'s answer when the range holds a quote or no line feed. */
    private static final int NOT_QUOTE_FREE = -2;

    private final String source;
    private final char delimiter;
    private final int maxFieldChars;
    private int state = FIELD_START;
    private long line = 1;
    private long column;
    private long quoteLine;
    private long quoteColumn;
    private long quotedLength;
    private long lastBoundaryLine;
    /** Whether a quote, a CR or a non-ASCII byte was fed since {@link #takeSpecial}. */
    private boolean special;

    CsvQuoteTracker(String source, char delimiter, int maxFieldChars, long firstLine) {
        this.source = source;
        this.delimiter = delimiter;
        this.maxFieldChars = maxFieldChars;
        this.line = firstLine;
    }

    /**
     * Feeds one character; returns true when it ends a record (a line feed outside quotes). Throws when a
     * quoted field grows beyond the limit.
     */
    boolean feed(int c) {
        column++;
        if (c == '"' || c == '\r' || c < 0 || c > 0x7F) {
            special = true;
        }
        switch (state) {
            case QUOTED -> {
                if (c == '"') {
                    state = QUOTE_IN_QUOTED;
                } else if (++quotedLength > maxFieldChars) {
                    throw new InputException(source, quoteLine, quoteColumn, "quoted field is longer than "
                            + maxFieldChars + " characters (an unclosed quote?); expected a closing quote \" and "
                            + "fields up to that length");
                }
                if (c == '\n') {
                    line++;
                    column = 0;
                }
                return false;
            }
            case QUOTE_IN_QUOTED -> {
                if (c == '"') {
                    state = QUOTED;
                    quotedLength++;
                    return false;
                }
                state = UNQUOTED;
            }
            default -> {
            }
        }
        if (c == '\n') {
            state = FIELD_START;
            line++;
            column = 0;
            return true;
        }
        if (c == delimiter) {
            state = FIELD_START;
        } else if (state == FIELD_START && c == '"') {
            state = QUOTED;
            quoteLine = line;
            quoteColumn = column;
            quotedLength = 0;
        } else if (state == FIELD_START && c != '\r') {
            state = UNQUOTED;
        }
        return false;
    }

    /**
     * Feeds {@code buf[from, to)} as {@link #feed} would byte by byte, but skips runs of an unquoted field in
     * one tight loop (such bytes cannot change the state). Returns the index just after the last record
     * boundary in the range, or -1 when there is none; {@link #lineAtLastBoundary} gives its line.
     */
    int feedAll(byte[] buf, int from, int to) {
        if (state == FIELD_START || state == UNQUOTED) {
            int last = quoteFree(buf, from, to);
            if (last != NOT_QUOTE_FREE) {
                return last;
            }
        }
        int last = -1;
        int i = from;
        while (i < to) {
            if (state == UNQUOTED) {
                int j = i;
                while (j < to) {
                    byte c = buf[j];
                    if (c == '\n' || c == delimiter) {
                        break;
                    }
                    if (c < 0 || c == '\r' || c == '"') { // a quote inside a field is text, but not plain
                        special = true;
                    }
                    j++;
                }
                column += j - i;
                i = j;
                if (i == to) {
                    break;
                }
            }
            if (feed(buf[i])) {
                last = i + 1;
                lastBoundaryLine = line;
            }
            i++;
        }
        return last;
    }

    /**
     * The common case of {@link #feedAll}, outside quotes: a range without any quote needs no state machine,
     * only its line feeds counted and the last one found, 8 bytes at a time. Returns the index after the last
     * line feed, or {@link #NOT_QUOTE_FREE} (nothing consumed) when the range holds a quote or no line feed.
     */
    private int quoteFree(byte[] buf, int from, int to) {
        long lineFeeds = 0;
        int lastLineFeed = -1;
        long odd = 0; // CRs and non-ASCII bytes: the range is not plain
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(buf, i);
            if (zeroBytes(x ^ QUOTES) != 0) {
                return NOT_QUOTE_FREE;
            }
            odd |= zeroBytes(x ^ CARRIAGE_RETURNS) | (x & HIGH_BITS);
            long lf = zeroBytes(x ^ LINE_FEEDS);
            if (lf != 0) {
                lineFeeds += Long.bitCount(lf);
                lastLineFeed = i + 7 - (Long.numberOfLeadingZeros(lf) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '"') {
                return NOT_QUOTE_FREE;
            }
            if (buf[i] == '\n') {
                lineFeeds++;
                lastLineFeed = i;
            } else if (buf[i] < 0 || buf[i] == '\r') {
                odd = 1;
            }
        }
        if (lastLineFeed < 0) {
            return NOT_QUOTE_FREE;
        }
        if (odd != 0) {
            special = true;
        }
        line += lineFeeds;
        column = 0;
        state = FIELD_START;
        lastBoundaryLine = line;
        for (int j = lastLineFeed + 1; j < to; j++) {
            feed(buf[j]); // the start of the next record: no line feed, no quote
        }
        return lastLineFeed + 1;
    }

    /** The high bit of each byte of {@code x} that is zero, exactly (no borrow between bytes). */
    private static long zeroBytes(long x) {
        long t = (x & LOW7) + LOW7;
        return ~(t | x | LOW7);
    }

    /**
     * Whether a quote, a CR or a non-ASCII byte was fed since the last call, clearing the flag: bytes without
     * any of them are "plain" and can be split at delimiters with no other check.
     */
    boolean takeSpecial() {
        boolean was = special;
        special = false;
        return was;
    }

    /** Notes that bytes fed earlier but not yet handed on hold a quote, a CR or a non-ASCII byte. */
    void markSpecial() {
        special = true;
    }

    /** The line after the boundary {@link #feedAll} returned last. */
    long lineAtLastBoundary() {
        return lastBoundaryLine;
    }

    /** Whether the stream is inside a quoted field. */
    boolean inQuotes() {
        return state == QUOTED;
    }

    /** Line (1-based) of the next character. */
    long line() {
        return line;
    }

    /** At the end of the input: an open quote is an error naming where it opened. */
    void checkEnd() {
        if (state == QUOTED) {
            throw new InputException(source, quoteLine, quoteColumn,
                    "unclosed quote: the quoted field opened here runs to the end of the file; expected a closing quote \"");
        }
    }
}
