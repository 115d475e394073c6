package io.mlsteps.spark;

import io.mlsteps.data.CsvChunkParser;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.RowSink;
import io.mlsteps.engine.PartialScan;
import io.mlsteps.util.InputException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The partition scan for CSV/TSV files: Spark only cuts the files into splits and their lines (Hadoop's text input),
 * and the engine's own byte scanner ({@link CsvChunkParser}) parses the lines of a split in chunks of a few MB, with
 * the local engine's values and located errors, straight into the step's sink. A split that starts a file begins with
 * its header, which is checked against the columns and skipped. Lines are counted as the file's lines, so that the
 * driver can number them from the start of the data ({@link Parts#lines}).
 */
final class CsvSplitScan<S extends RowSink> implements Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>, Iterator<byte[]>> {
    private static final long serialVersionUID = 1L;
    /** Bytes of lines parsed at a time, as a local scan's chunks. */
    static final int CHUNK_BYTES = 2 << 20;
    /** A line longer than this is an input error, as in the local scan. */
    static final int MAX_LINE_BYTES = 64 << 20;

    private final PartialScan<S> scan;
    private final List<String> columns;
    /** The read options as they travel (ReadOptions is not serialisable): rebuilt by {@link #options()}. */
    private final String format;
    private final Character delimiter;
    private final boolean header;
    private final List<String> columnNames;
    private final Set<String> missingMarkers;
    private final int maxFieldChars;
    private transient ReadOptions options;

    CsvSplitScan(PartialScan<S> scan, List<String> columns, ReadOptions options) {
        this.scan = scan;
        this.columns = List.copyOf(columns);
        this.format = options.format();
        this.delimiter = options.delimiter();
        this.header = options.header();
        this.columnNames = options.columnNames() == null ? null : List.copyOf(options.columnNames());
        this.missingMarkers = Set.copyOf(options.missingMarkers());
        this.maxFieldChars = options.maxFieldChars();
    }

    private ReadOptions options() {
        if (options == null) {
            options = new ReadOptions(format, delimiter, header, columnNames, missingMarkers, maxFieldChars);
        }
        return options;
    }

    @Override
    public Iterator<byte[]> call(InputSplit split, Iterator<Tuple2<LongWritable, Text>> lines) {
        FileSplit file = (FileSplit) split;
        // a local file by its path, as the local engine names it; others by their URI
        String source = "file".equals(file.getPath().toUri().getScheme()) ? file.getPath().toUri().getPath()
                : file.getPath().toString();
        TaskContext task = TaskContext.get();
        int partition = task == null ? 0 : task.partitionId();
        S sink = scan.newSink(columns);
        ReadOptions options = options();
        CsvChunkParser parser = new CsvChunkParser(source, options, columns);
        byte[] buf = new byte[CHUNK_BYTES + (64 << 10)];
        int length = 0;
        long line = 0;
        long chunkLine = 1;
        Parts.BadRecord bad = null;
        try {
            while (lines.hasNext()) {
                Tuple2<LongWritable, Text> next = lines.next();
                Text text = next._2();
                line++;
                byte[] bytes = text.getBytes();
                int from = 0;
                int to = text.getLength();
                if (to > MAX_LINE_BYTES) {
                    throw new InputException(source, Parts.line(partition, line), 1, "a line longer than " + (MAX_LINE_BYTES >> 20)
                            + " MB; expected LF or CRLF line endings");
                }
                if (next._1().get() == 0) { // the first line of a file
                    from = to >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
                    if (options.header()) {
                        checkHeader(source, bytes, from, to, options);
                        chunkLine = line + 1;
                        continue;
                    }
                }
                if (length + (to - from) + 1 > buf.length) {
                    parser.parse(buf, 0, length, Parts.line(partition, chunkLine), false, sink);
                    length = 0;
                    chunkLine = line;
                    if (to - from + 1 > buf.length) {
                        buf = new byte[to - from + 1];
                    }
                }
                System.arraycopy(bytes, from, buf, length, to - from);
                length += to - from;
                buf[length++] = '\n';
                if (length >= CHUNK_BYTES) {
                    parser.parse(buf, 0, length, Parts.line(partition, chunkLine), false, sink);
                    length = 0;
                    chunkLine = line + 1;
                }
            }
            if (length > 0) {
                parser.parse(buf, 0, length, Parts.line(partition, chunkLine), false, sink);
            }
        } catch (InputException e) {
            // kept as data: the driver names the line of the file once it knows the lines of the splits before
            bad = new Parts.BadRecord(partition, source, file.getStart(), e.line() > 0 ? e.line() & Parts.LINE_MASK : line,
                    Math.max(0, e.column()), e.problem());
        }
        return List.of(Parts.encode(Map.of(partition, line), bad, bad != null ? new byte[0] : scan.encode(sink))).iterator();
    }

    /** A file's header must give the columns the first file's gave. */
    private void checkHeader(String source, byte[] bytes, int from, int to, ReadOptions options) {
        byte[] header = Arrays.copyOfRange(bytes, from, to + 1);
        header[header.length - 1] = '\n';
        List<String> names = CsvChunkParser.columns(source, header, 0, header.length, options);
        if (!names.equals(columns)) {
            throw new InputException(source, 1, 1, "its header differs from the first file's (" + names + ", not "
                    + columns + "); expected every file of a folder to have the same columns");
        }
    }
}
