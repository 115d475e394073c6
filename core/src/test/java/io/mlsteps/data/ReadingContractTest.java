package io.mlsteps.data;

import io.mlsteps.testing.CapturedLog;
import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The reading contract as a new user meets it: files separated by ';', tab or '|' whatever their name, headers
 * with blanks, files without a header (named by columnNames), a header that is really data. Every case runs
 * through the record reader (threads 0), the sequential scan (1) and the chunked byte scan (2), which must agree.
 */
@Timeout(60)
class ReadingContractTest {
    @TempDir
    Path tmp;

    final CapturedLog logged = new CapturedLog();
    final StepLog log = logged.of("test");

    String logText() {
        return logged.text();
    }

    Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    /** Columns and records as one path reads them (threads 0: the record reader). */
    Table read(Path file, ReadOptions options, int threads) {
        if (threads == 0) {
            try (RecordReader r = DataReaders.open(file, options, log)) {
                List<List<String>> rows = new ArrayList<>();
                String[] v;
                while ((v = r.next()) != null) {
                    rows.add(Arrays.asList(v.clone()));
                }
                return new Table(r.columns(), rows, 0);
            }
        }
        Collector c = DataScan.scan(file, options, log, threads, Collector::new, Collector::merge);
        c.rows.sort((x, y) -> Long.compare((Long) x[0], (Long) y[0]));
        List<List<String>> rows = new ArrayList<>();
        for (Object[] r : c.rows) {
            rows.add(Arrays.asList((String[]) r[1]));
        }
        return new Table(c.columns, rows, c.byteRows);
    }

    record Table(List<String> columns, List<List<String>> rows, long byteRows) {
    }

    /** Collects rows, counting those the byte fast path delivered. */
    static final class Collector implements ByteRowSink {
        final List<String> columns;
        final List<Object[]> rows = new ArrayList<>();
        long byteRows;

        Collector(List<String> columns) {
            this.columns = columns;
        }

        @Override
        public void accept(String[] values, long line) {
            rows.add(new Object[]{line, values.clone()});
        }

        @Override
        public void acceptBytes(byte[] buf, int[] starts, int[] ends, int[] hashes, boolean[] missing, long line) {
            String[] values = new String[starts.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = missing[i] ? null : new String(buf, starts[i], ends[i] - starts[i], StandardCharsets.US_ASCII);
            }
            rows.add(new Object[]{line, values});
            byteRows++;
        }

        Collector merge(Collector other) {
            rows.addAll(other.rows);
            byteRows += other.byteRows;
            return this;
        }
    }

    static final List<List<String>> EXPECTED = List.of(Arrays.asList("1", "x", null), List.of("2", "y", "z"));

    // ---- sniffed delimiters ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void semicolonTabAndPipeFilesAreReadWithTheDelimiterOfTheirFirstLines(int threads) throws IOException {
        for (String d : List.of(";", "\t", "|")) {
            Path f = write("data" + threads + ".csv", "a" + d + "b" + d + "c\n1" + d + "x" + d + "NA\n2" + d + "y" + d + "z\n");
            Table t = read(f, ReadOptions.defaults(), threads);
            assertThat(t.columns()).as("delimiter %s", d).containsExactly("a", "b", "c");
            assertThat(t.rows()).as("delimiter %s", d).isEqualTo(EXPECTED);
            assertThat(logText()).contains("data" + threads + ".csv: no ',' in the header; read with "
                    + (d.equals("\t") ? "tab" : "'" + d + "'") + ", found in every one of the first 3 lines");
        }
    }

    @Test
    void theChunkedScanReadsASniffedDelimiterOnTheBytePath() throws IOException {
        StringBuilder sb = new StringBuilder("id;city;amount\n");
        Random random = new Random(7);
        int n = 200_000; // several chunks
        for (int i = 0; i < n; i++) {
            sb.append(i).append(';').append("c").append(random.nextInt(50)).append(';')
                    .append(random.nextInt(1000)).append('\n');
        }
        Path semicolons = write("big.csv", sb.toString());
        Path commas = write("big-commas.csv", sb.toString().replace(';', ','));
        assertThat(Files.size(semicolons)).isGreaterThan(DataScan.CHUNK_BYTES);
        Table sniffed = read(semicolons, ReadOptions.defaults(), 2);
        Table original = read(commas, ReadOptions.defaults(), 2);
        assertThat(sniffed.columns()).containsExactly("id", "city", "amount");
        assertThat(sniffed.rows()).hasSize(n).isEqualTo(original.rows());
        assertThat(sniffed.byteRows()).as("rows split on the byte path").isEqualTo(n);
        DatasetProfile a = DatasetProfile.compute(semicolons, ReadOptions.defaults(), log, 2);
        DatasetProfile b = DatasetProfile.compute(commas, ReadOptions.defaults(), log, 2);
        assertThat(summary(a)).isEqualTo(summary(b));
    }

    /** What two profiles of the same data must share whatever the order their chunks were merged in. */
    static List<String> summary(DatasetProfile p) {
        List<String> out = new ArrayList<>(List.of("rows " + p.rows()));
        for (ColumnProfile c : p.columns()) {
            out.add(String.join(" ", c.name(), c.type().toString(), Long.toString(c.count()), Long.toString(c.missing()),
                    Long.toString(c.nanOrInfinite()), String.valueOf(c.min()), String.valueOf(c.max()),
                    String.format(java.util.Locale.ROOT, "%.9g", c.mean()),
                    c.categoriesExact() ? c.categoryCounts().toString() : "~" + Math.round(c.distinctEstimate())));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void bomCrlfGzipAndATsvNamedCsv(int threads) throws IOException {
        byte[] text = "\uFEFFa;b;c\r\n1;x;\r\n2;y;z\r\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(text);
        }
        Path f = Files.write(tmp.resolve("bom.csv.gz"), gz.toByteArray());
        Table t = read(f, ReadOptions.defaults(), threads);
        assertThat(t.columns()).containsExactly("a", "b", "c");
        assertThat(t.rows()).isEqualTo(EXPECTED);
        Path tsv = write("tabs.tsv", "a,b,c\n1,x,\n2,y,z\n");
        assertThat(read(tsv, ReadOptions.defaults(), threads).rows()).isEqualTo(EXPECTED);
        assertThat(logText()).contains("tabs.tsv: no tab in the header; read with ','");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void aQuotedDelimiterInTheHeaderIsNotASeparator(int threads) throws IOException {
        Path piped = write("piped.csv", "\"x;y\"|b|\"c, d\"\n1|x|\n2|y|z\n");
        Table t = read(piped, ReadOptions.defaults(), threads);
        assertThat(t.columns()).containsExactly("x;y", "b", "c, d");
        assertThat(t.rows()).isEqualTo(EXPECTED);
        Path oneColumn = write("one.csv", "\"a;b\"\n\"1;2\"\n\"3;4\"\n");
        Table one = read(oneColumn, ReadOptions.defaults(), threads);
        assertThat(one.columns()).containsExactly("a;b");
        assertThat(one.rows()).containsExactly(List.of("1;2"), List.of("3;4"));
        assertThat(logText()).doesNotContain("one.csv");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void aOneColumnFileAndAGivenDelimiterAreNotSniffed(int threads) throws IOException {
        Path names = write("names.csv", "name\nalice\nbob\n");
        assertThat(read(names, ReadOptions.defaults(), threads).rows()).containsExactly(List.of("alice"), List.of("bob"));
        Path semicolons = write("s.csv", "a;b\n1;2\n");
        Table asGiven = read(semicolons, ReadOptions.fromArguments(null, ",", true, null), threads);
        assertThat(asGiven.columns()).containsExactly("a;b");
        assertThat(logText()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void twoDelimitersThatBothFitAreRefusedNamingTheDelimiterArgument(int threads) throws IOException {
        Path f = write("both.csv", "a;b|c\n1;2|3\n4;5|6\n");
        InputException e = (InputException) catchThrowable(() -> read(f, ReadOptions.defaults(), threads));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(f + ":1: no ',' in the header, and ';' and '|' each split every one of "
                + "the first 3 lines evenly").contains("--delimiter ';' or --delimiter '|'").contains("delimiter: ';'");
        // named, it reads
        assertThat(read(f, ReadOptions.fromArguments(null, "|", true, null), threads).columns())
                .containsExactly("a;b", "c");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void aDelimiterThatSplitsTheLinesUnevenlyIsRefusedNamingTheLine(int threads) throws IOException {
        Path f = write("uneven.csv", "a;b;c\n1;2;3\n4;5\n");
        InputException e = (InputException) catchThrowable(() -> read(f, ReadOptions.defaults(), threads));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(f + ":1: no ',' in the header, and no other delimiter splits the lines evenly")
                .contains("';' splits the header into 3 fields but line 3 into 2")
                .contains("--delimiter ';'").contains("--delimiter ',' to read one column");
        // with the delimiter named the ragged row is what is reported
        assertThatThrownBy(() -> read(f, ReadOptions.fromArguments(null, ";", true, null), threads))
                .isInstanceOf(InputException.class).hasMessageContaining("uneven.csv:3:")
                .hasMessageContaining("expected 3 fields but found 2");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void aHeaderlessFileIsSniffedOnItsFirstLine(int threads) throws IOException {
        Path f = write("nohead.csv", "1;x;\n2;y;z\n");
        Table t = read(f, ReadOptions.defaults().withHeader(false), threads);
        assertThat(t.columns()).containsExactly("c1", "c2", "c3");
        assertThat(t.rows()).isEqualTo(EXPECTED);
        assertThat(logText()).contains("no ',' in the first line; read with ';'");
    }

    @Test
    void adultWrittenWithSemicolonsProfilesAsTheCommaOriginal() throws IOException {
        Path adult = io.mlsteps.testing.SharedData.require("adult/adult_train.csv");
        Path semicolons = write("adult.csv", Files.readString(adult).replace(',', ';'));
        DatasetProfile original = DatasetProfile.compute(adult, ReadOptions.defaults(), StepLog.silent());
        DatasetProfile sniffed = DatasetProfile.compute(semicolons, ReadOptions.defaults(), log);
        assertThat(sniffed.columns()).hasSize(15);
        assertThat(summary(sniffed)).isEqualTo(summary(original));
        assertThat(logText()).contains("adult.csv: no ',' in the header; read with ';', found in every one of the first");
    }

    // ---- header names and headerless files ------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void headerNamesAreTrimmedLikeValues(int threads) throws IOException {
        Path f = write("spaces.csv", " a , b,c \n1,x,\n2,y,z\n");
        assertThat(read(f, ReadOptions.defaults(), threads).columns()).containsExactly("a", "b", "c");
        Path dup = write("dup.csv", "a, a,b\n1,2,3\n");
        assertThatThrownBy(() -> read(dup, ReadOptions.defaults(), threads)).isInstanceOf(InputException.class)
                .hasMessage(dup + ":1:2: duplicate column name 'a' in the header; expected unique names");
        Path blank = write("blank.csv", "a,  ,b\n1,2,3\n");
        assertThatThrownBy(() -> read(blank, ReadOptions.defaults(), threads)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(blank + ":1:2: header has an empty column name");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void columnNamesNameAHeaderlessFile(int threads) throws IOException {
        Path f = write("nohead.csv", "1,x,\n2,y,z\n");
        ReadOptions named = ReadOptions.fromArguments(null, null, false, List.of(" a", "b ", "c"), null);
        Table t = read(f, named, threads);
        assertThat(t.columns()).containsExactly("a", "b", "c");
        assertThat(t.rows()).isEqualTo(EXPECTED);
        ReadOptions two = ReadOptions.defaults().withColumnNames(List.of("a", "b"));
        assertThatThrownBy(() -> read(f, two, threads)).isInstanceOf(InputException.class)
                .hasMessage(f + ":1:3: the first record has 3 fields but columnNames gives 2 names [a, b]; "
                        + "expected one name per field");
    }

    @Test
    void badColumnNamesAreArgumentErrors() throws IOException {
        assertThatThrownBy(() -> ReadOptions.fromArguments(null, null, true, List.of("a", "b"), null))
                .isInstanceOf(InputException.class).hasMessageStartingWith("columnNames: names the columns of a file "
                        + "without a header line; expected header: false (--no-header)");
        assertThatThrownBy(() -> ReadOptions.fromArguments(null, null, false, List.of("a", " a"), null))
                .isInstanceOf(InputException.class).hasMessage("columnNames: names 'a' twice (names 1 and 2); expected unique names");
        assertThatThrownBy(() -> ReadOptions.fromArguments(null, null, false, List.of("a", ""), null))
                .isInstanceOf(InputException.class).hasMessageStartingWith("columnNames: name 2 is empty");
        assertThatThrownBy(() -> ReadOptions.fromArguments(null, "\"", true, null, null))
                .isInstanceOf(InputException.class).hasMessageStartingWith("delimiter: is the quote character");
        assertThatThrownBy(() -> ReadOptions.fromArguments("xlsx", null, true, null, null))
                .isInstanceOf(InputException.class).hasMessageStartingWith("format: is 'xlsx'");
        Path json = write("d.jsonl", "{\"a\": 1}\n");
        assertThatThrownBy(() -> DataReaders.open(json, ReadOptions.defaults().withColumnNames(List.of("x"))))
                .isInstanceOf(InputException.class).hasMessageStartingWith("columnNames: applies to CSV and TSV files");
        assertThat(ReadOptions.fromArguments(null, "tab", null, null, null).delimiter()).isEqualTo('\t');
    }

    // ---- a header that looks like data ----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void aHeaderThatLooksLikeDataIsWarnedAbout(int threads) throws IOException {
        Path adultLike = write("adult.data", "39, State-gov, 77516, Bachelors, <=50K\n"
                + "50, Self-emp-not-inc, 83311, Bachelors, <=50K\n"
                + "38, Private, 215646, HS-grad, >50K\n"
                + "53, State-gov, 234721, 11th, <=50K\n");
        Table t = read(adultLike, ReadOptions.defaults(), threads);
        assertThat(t.rows()).hasSize(3);
        assertThat(logText()).contains("WARNING: " + adultLike + ":1: the header line looks like data")
                .contains("'39', ' State-gov', ' 77516', ' Bachelors', ' <=50K'")
                .contains("--no-header (header: false)").contains("--column-names (columnNames)");
        logged.clear();
        Path numbers = write("numbers.csv", "1.5,2,3\n4,5,6\n");
        read(numbers, ReadOptions.defaults(), threads);
        assertThat(logText()).contains("numbers.csv:1: the header line looks like data");
        logged.clear();
        Path real = write("real.csv", "age,workclass,income\n39,State-gov,<=50K\n50,Private,>50K\n");
        read(real, ReadOptions.defaults(), threads);
        Path oneNameIsData = write("mixed.csv", "age,State-gov\n39,State-gov\n");
        read(oneNameIsData, ReadOptions.defaults(), threads);
        read(adultLike, ReadOptions.defaults().withHeader(false), threads);
        assertThat(logText()).isEmpty();
    }
}
