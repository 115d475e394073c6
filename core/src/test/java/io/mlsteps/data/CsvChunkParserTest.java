package io.mlsteps.data;

import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chunk parser an engine uses on bytes it cut itself gives the local reader's columns, values, lines and errors,
 * however the records are cut into chunks.
 */
class CsvChunkParserTest {
    private static final String CSV = "\uFEFFid,name,score\n"
            + "1,plain,0.5\n"
            + "2,\"quoted, with comma\",NA\n"
            + "\n"
            + "3,caf\u00e9,1e3\r\n"
            + "4,\"two\nlines\",7\n"
            + "5,,-2\n";

    /** Every record as its values and line. */
    private static final class Rows implements RowSink {
        final List<String> seen = new ArrayList<>();

        @Override
        public void accept(String[] values, long line) {
            seen.add(line + ":" + Arrays.toString(values));
        }
    }

    private static ReadOptions options() {
        return ReadOptions.defaults().withDelimiter(',');
    }

    @Test
    void chunksGiveTheLocalReadersRecordsWhereverTheyAreCut(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("d.csv"), CSV);
        Rows local = new Rows();
        try (RecordReader reader = DataReaders.open(file, options())) {
            String[] v;
            while ((v = reader.next()) != null) {
                local.accept(v, reader.line());
            }
        }
        byte[] bytes = CSV.getBytes(StandardCharsets.UTF_8);
        int headerEnd = indexAfter(bytes, 0, 1);
        List<String> columns = CsvChunkParser.columns("d.csv", bytes, 0, headerEnd, options());
        assertThat(columns).containsExactly("id", "name", "score");
        // every cut between whole records: after each line that ends a record
        int[] recordEnds = {indexAfter(bytes, 0, 2), indexAfter(bytes, 0, 4), indexAfter(bytes, 0, 5), indexAfter(bytes, 0, 7)};
        for (int cut : recordEnds) {
            Rows chunks = new Rows();
            CsvChunkParser parser = new CsvChunkParser("d.csv", options(), columns);
            long n = parser.parse(bytes, headerEnd, cut, 2, false, chunks);
            long firstLineAfterCut = 1 + count(bytes, 0, cut, (byte) '\n');
            n += parser.parse(bytes, cut, bytes.length, firstLineAfterCut, false, chunks);
            assertThat(chunks.seen).as("cut at byte " + cut).isEqualTo(local.seen);
            assertThat(n).isEqualTo(local.seen.size());
        }
    }

    @Test
    void errorsNameTheLineAndARecordCutInsideQuotesFails() {
        byte[] ragged = "1,a,2\n2,b\n".getBytes(StandardCharsets.UTF_8);
        CsvChunkParser parser = new CsvChunkParser("r.csv", options(), List.of("id", "name", "score"));
        assertThatThrownBy(() -> parser.parse(ragged, 0, ragged.length, 10, true, new Rows()))
                .isInstanceOf(InputException.class).hasMessageContaining("r.csv:11");
        // a record whose quoted field goes on in the next chunk is an error, never a silently shorter value
        byte[] open = "1,\"two\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse(open, 0, open.length, 1, false, new Rows()))
                .isInstanceOf(InputException.class).hasMessageContaining("r.csv:1");
    }

    @Test
    void theDelimiterMustBeKnown() {
        assertThatThrownBy(() -> new CsvChunkParser("x.csv", ReadOptions.defaults(), List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delimiter");
    }

    /** The index after the {@code n}-th line feed from {@code from}. */
    private static int indexAfter(byte[] b, int from, int n) {
        int seen = 0;
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n' && ++seen == n) {
                return i + 1;
            }
        }
        return b.length;
    }

    private static long count(byte[] b, int from, int to, byte c) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n += b[i] == c ? 1 : 0;
        }
        return n;
    }
}
