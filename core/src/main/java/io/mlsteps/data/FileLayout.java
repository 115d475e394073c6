package io.mlsteps.data;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the first lines of a CSV/TSV file say about how to read it, decided once per file before any record is
 * read, so that every step and both reading paths (the sequential reader and the chunked byte scan) read a file
 * alike.
 *
 * <ul>
 * <li><b>Delimiter.</b> A delimiter given by the user is used as is. Otherwise the format's own (',' for CSV,
 * tab for TSV) is used when the first record splits on it into two or more fields. When it does not, the other
 * candidates (',', ';', tab, '|') are tried on the first lines of the file: the one that splits the first line
 * into two or more fields and every other line of the sample into as many is used, and logged. A first line
 * holding none of them is a one-column file. When two candidates fit, or the only ones found in the first line
 * split the other lines unevenly, the file is refused with a located error that asks for the delimiter: a
 * guess there would read wrong columns without a word.</li>
 * <li><b>Header that looks like data.</b> When every name of the header line is a number, a boolean or a
 * timestamp, or a value that also appears in its column in the sample, a warning says to read the file with
 * {@code header: false} ({@code --no-header}).</li>
 * </ul>
 * The sample is the first {@value #SAMPLE_BYTES} bytes (more when the first line is longer), up to
 * {@value #SAMPLE_RECORDS} records, after decompression.
 */
final class FileLayout {
    static final int SAMPLE_BYTES = 64 << 10;
    /** The sample grows up to this size to hold at least one whole line (very wide files). */
    static final int MAX_SAMPLE_BYTES = 8 << 20;
    static final int SAMPLE_RECORDS = 200;
    /** The delimiters tried when the format's own is not in the first line, in the order messages list them. */
    static final List<Character> CANDIDATES = List.of(',', ';', '\t', '|');
    /** Header names shown in the warning. */
    private static final int NAMES_SHOWN = 6;

    private FileLayout() {
    }

    /**
     * The options to read {@code file} with: the format resolved from the name, the delimiter given or decided
     * from the first lines (logged when sniffed). Warns on {@code log} when the header line looks like data.
     */
    static ReadOptions resolve(Path file, ReadOptions options, StepLog log) {
        String format = DataReaders.resolveFormat(file, options.format());
        ReadOptions resolved = options.withFormat(format);
        if (format.equals("jsonl")) {
            if (options.columnNames() != null) {
                throw new InputException("columnNames", "applies to CSV and TSV files without a header line; the keys "
                        + "of the JSON Lines file " + file + " name its columns");
            }
            return resolved;
        }
        if (options.delimiter() != null && !options.header()) {
            return resolved; // nothing left to decide: no sample needed
        }
        Sample sample = Sample.read(file);
        char delimiter = options.delimiter() != null ? options.delimiter()
                : delimiter(file.toString(), sample, format.equals("tsv") ? '\t' : ',', options.header(), log);
        if (options.header()) {
            warnIfHeaderLooksLikeData(file.toString(), sample.records(delimiter), log);
        }
        return resolved.withDelimiter(delimiter);
    }

    /** The delimiter of a file whose options name none (see the class comment). */
    static char delimiter(String source, Sample sample, char standard, boolean header, StepLog log) {
        Records byStandard = sample.records(standard);
        if (byStandard.isEmpty() || byStandard.fields(0) >= 2) {
            return standard;
        }
        String firstLine = header ? "the header" : "the first line";
        List<Character> fitting = new ArrayList<>();
        List<String> uneven = new ArrayList<>();
        List<Character> unevenCandidates = new ArrayList<>();
        for (char c : CANDIDATES) {
            if (c == standard) {
                continue;
            }
            Records records = sample.records(c);
            int fields = records.isEmpty() ? 0 : records.fields(0);
            if (fields < 2) {
                continue;
            }
            int odd = records.firstUneven();
            if (odd < 0) {
                fitting.add(c);
            } else {
                unevenCandidates.add(c);
                uneven.add(String.format(Locale.ROOT, "%s splits %s into %d fields but line %d into %d",
                        show(c), firstLine, fields, records.lines().get(odd), records.fields(odd)));
            }
        }
        if (fitting.size() == 1) {
            char c = fitting.get(0);
            int lines = sample.records(c).size();
            log.info("%s: no %s in %s; read with %s, found in every one of the first %d line%s (give the delimiter "
                    + "to choose another)", source, show(standard), firstLine, show(c), lines, lines == 1 ? "" : "s");
            return c;
        }
        if (fitting.size() > 1) {
            throw new InputException(source, 1, -1, "no " + show(standard) + " in " + firstLine + ", and "
                    + fitting.stream().map(FileLayout::show).collect(Collectors.joining(" and "))
                    + " each split every one of the first " + byStandard.size() + " lines evenly; expected the "
                    + "delimiter to be named: " + flags(fitting));
        }
        if (!uneven.isEmpty()) {
            throw new InputException(source, 1, -1, "no " + show(standard) + " in " + firstLine + ", and no other "
                    + "delimiter splits the lines evenly (" + String.join("; ", uneven) + "); expected the delimiter "
                    + "to be named: " + flags(unevenCandidates) + ", or --delimiter " + flag(standard)
                    + " to read one column");
        }
        return standard; // one column
    }

    /**
     * Warns when every header name looks like data: a number, boolean or timestamp, or a value that appears in
     * its own column in the sample (an adult.data without its header: {@code 39, State-gov, 77516, ...}).
     */
    static void warnIfHeaderLooksLikeData(String source, Records records, StepLog log) {
        if (records.isEmpty()) {
            return;
        }
        List<String> names = records.fields().get(0);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            if (name.isEmpty() || !(TypeInference.kindOf(name) != TypeInference.ValueKind.TEXT
                    || appearsBelow(records, i, name))) {
                return;
            }
        }
        String shown = names.stream().limit(NAMES_SHOWN).map(n -> "'" + n + "'").collect(Collectors.joining(", "))
                + (names.size() > NAMES_SHOWN ? ", ..." : "");
        log.warn(String.format(Locale.ROOT, "%s:1: the header line looks like data: every name is a number, a boolean, "
                + "a timestamp or a value found in its column below (%s); if the file has no header line, read it with "
                + "--no-header (header: false) and name the columns with --column-names (columnNames)", source, shown));
    }

    private static boolean appearsBelow(Records records, int column, String name) {
        for (int r = 1; r < records.size(); r++) {
            List<String> record = records.fields().get(r);
            if (column < record.size() && record.get(column).strip().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** How to name these delimiters on the command line and in a Jenkinsfile. */
    private static String flags(List<Character> delimiters) {
        return delimiters.stream().map(c -> "--delimiter " + flag(c)).collect(Collectors.joining(" or "))
                + " (delimiter: " + flag(delimiters.get(0)) + " in a Jenkinsfile)";
    }

    private static String flag(char c) {
        return c == '\t' ? "'\\t'" : "'" + c + "'";
    }

    /** A delimiter as messages show it. */
    static String show(char c) {
        return c == '\t' ? "tab" : "'" + c + "'";
    }

    /**
     * The first bytes of a file as text, and its records as each candidate delimiter splits them (each split once:
     * the delimiter decision and the header check ask for the same one).
     */
    static final class Sample {
        private final String text;
        private final boolean complete;
        private final Map<Character, Records> splits = new HashMap<>();

        Sample(String text, boolean complete) {
            this.text = text;
            this.complete = complete;
        }

        static Sample read(Path file) {
            byte[] buf = new byte[SAMPLE_BYTES];
            int length = 0;
            boolean complete = false;
            try (InputStream in = DataReaders.openStream(file)) {
                while (true) {
                    if (length == buf.length) {
                        if (hasLineFeed(buf, length) || buf.length >= MAX_SAMPLE_BYTES) {
                            break;
                        }
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    int n = in.read(buf, length, buf.length - length);
                    if (n < 0) {
                        complete = true;
                        break;
                    }
                    length += n;
                }
            } catch (IOException e) {
                // a truncated or unreadable file: decide from what could be read; the reader reports the fault
            }
            String text = new String(buf, 0, length, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (!complete) {
                int end = text.lastIndexOf('\n');
                text = end < 0 ? text : text.substring(0, end + 1);
            }
            return new Sample(text, complete);
        }

        private static boolean hasLineFeed(byte[] b, int length) {
            for (int i = 0; i < length; i++) {
                if (b[i] == '\n') {
                    return true;
                }
            }
            return false;
        }

        /** The records of the sample split on {@code delimiter} (the last one dropped when the sample was cut). */
        Records records(char delimiter) {
            return splits.computeIfAbsent(delimiter, this::split);
        }

        private Records split(char delimiter) {
            List<List<String>> fields = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            try (CsvReader<CsvRecord> csv = CsvReader.builder().fieldSeparator(delimiter).quoteCharacter('"')
                    .skipEmptyLines(true).ignoreDifferentFieldCount(true).ofCsvRecord(text)) {
                for (CsvRecord r : csv) {
                    if (fields.size() == SAMPLE_RECORDS) {
                        return new Records(fields, lines);
                    }
                    fields.add(r.getFields());
                    lines.add(r.getStartingLineNumber());
                }
            } catch (IOException | RuntimeException e) {
                // a malformed sample (an unclosed quote where it was cut): the records before it are the sample
            }
            if (!complete && fields.size() > 1) {
                // the sample was cut after a line feed, which may lie inside a quoted field of the last record
                fields.remove(fields.size() - 1);
                lines.remove(lines.size() - 1);
            }
            return new Records(fields, lines);
        }
    }

    /** Records of a sample: their fields and the line each starts on. */
    record Records(List<List<String>> fields, List<Long> lines) {
        boolean isEmpty() {
            return fields.isEmpty();
        }

        int size() {
            return fields.size();
        }

        int fields(int record) {
            return fields.get(record).size();
        }

        /** Index of the first record with another number of fields than the first, or -1. */
        int firstUneven() {
            for (int i = 1; i < fields.size(); i++) {
                if (fields.get(i).size() != fields.get(0).size()) {
                    return i;
                }
            }
            return -1;
        }
    }
}
