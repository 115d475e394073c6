package io.mlsteps.spark;

import io.mlsteps.data.CsvChunkParser;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.RowSink;
import io.mlsteps.engine.PartialScan;
import io.mlsteps.util.InputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The partition scan for CSV/TSV files: Spark only cuts the files into splits ({@link CsvSplits.SplitsOnly}); each
 * split's bytes are read here in chunks of whole lines and parsed by the engine's own byte scanner
 * ({@link CsvChunkParser}) straight into the step's sink, with the local engine's values and located errors. A split
 * owns the lines that start in it, as Hadoop's text input has it: after the first line feed at or after its start
 * (the whole file for the first split), up to the first line feed at or after its end. A split that starts a file
 * begins with the header, which is checked against the columns. Lines are counted as the file's lines, so that the
 * driver can number them from the start of the data ({@link Parts#lines}); bad input travels in the part
 * ({@link Parts.BadRecord}) for the driver to place in its file.
 */
final class CsvSplitScan<S extends RowSink> implements Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>, Iterator<byte[]>> {
    private static final long serialVersionUID = 1L;
    /** Bytes parsed at a time, as a local scan's chunks. */
    static final int CHUNK_BYTES = 2 << 20;
    /** A line longer than this is an input error, as in the local scan. */
    static final int MAX_LINE_BYTES = 64 << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final PartialScan<S> scan;
    private final List<String> columns;
    private final SerializableConfiguration hadoop;
    /** The read options as they travel (ReadOptions is not serialisable): rebuilt by {@link #options()}. */
    private final String format;
    private final Character delimiter;
    private final boolean header;
    private final List<String> columnNames;
    private final Set<String> missingMarkers;
    private final int maxFieldChars;
    private transient ReadOptions options;

    CsvSplitScan(PartialScan<S> scan, List<String> columns, ReadOptions options, Configuration hadoop) {
        this.scan = scan;
        this.columns = List.copyOf(columns);
        this.hadoop = new SerializableConfiguration(hadoop);
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
    public Iterator<byte[]> call(InputSplit split, Iterator<Tuple2<LongWritable, Text>> unused) throws IOException {
        FileSplit file = (FileSplit) split;
        TaskContext task = TaskContext.get();
        int partition = task == null ? 0 : task.partitionId();
        Path path = file.getPath();
        // a local file by its path, as the local engine names it; others by their URI
        String source = "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : path.toString();
        S sink = scan.newSink(columns);
        Reader reader = new Reader(partition, source, sink);
        Parts.BadRecord bad = null;
        Configuration conf = hadoop.value();
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
        FSDataInputStream raw = path.getFileSystem(conf).open(path);
        try (InputStream in = codec != null ? codec.createInputStream(raw) : raw) {
            if (codec == null) {
                raw.seek(file.getStart());
            }
            // a compressed file is one split, read through its codec to its end
            reader.read(in, codec != null ? 0 : file.getStart(), codec != null ? Long.MAX_VALUE : file.getStart() + file.getLength());
        } catch (InputException e) {
            // kept as data: the driver names the line of the file once it knows the lines of the splits before
            bad = new Parts.BadRecord(partition, source, file.getStart(),
                    e.line() > 0 ? e.line() & Parts.LINE_MASK : reader.lines, Math.max(0, e.column()), e.problem());
        }
        byte[] encoded = bad != null ? new byte[0] : scan.encode(sink);
        return List.of(Parts.encode(Map.of(partition, reader.lines), bad, encoded)).iterator();
    }

    /** Reads one split's lines in chunks and parses them. */
    private final class Reader {
        private final int partition;
        private final String source;
        private final S sink;
        private final CsvChunkParser parser;
        /** Lines of the split read so far (header and empty lines included). */
        long lines;

        Reader(int partition, String source, S sink) {
            this.partition = partition;
            this.source = source;
            this.sink = sink;
            this.parser = new CsvChunkParser(source, options(), columns);
        }

        /**
         * Reads from file position {@code start}: skips through the first line feed unless the split starts the file
         * (then its first line is the header, if any), and parses the lines that start at or before {@code end}.
         */
        void read(InputStream in, long start, long end) throws IOException {
            byte[] buf = new byte[CHUNK_BYTES + (1 << 16)];
            int length = 0;
            int from = 0;
            long bufStart = start; // the file position of buf[0]
            boolean eof = false;
            boolean firstLine = true;
            while (true) {
                if (!eof) {
                    if (length == buf.length) {
                        checkLength(length - from);
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    int n = in.read(buf, length, buf.length - length);
                    if (n < 0) {
                        eof = true;
                    } else {
                        length += n;
                    }
                }
                if (firstLine) {
                    int nl = indexOf(buf, 0, length);
                    if (nl < 0 && !eof) {
                        continue; // the first line is not complete yet
                    }
                    firstLine = false;
                    int lineEnd = nl < 0 ? length : nl + 1;
                    if (start == 0) {
                        from = startsWithBom(buf, length) ? 3 : 0;
                        if (!options().header()) {
                            lineEnd = from; // the first line is data
                        } else if (lineEnd > from) {
                            lines++;
                            checkHeader(buf, from, lineEnd);
                        }
                    }
                    from = lineEnd;
                    if (bufStart + from > end) {
                        return; // the next line starts after the split: the next split's
                    }
                }
                // the split's lines end with the first line feed at or after its end
                long endIndex = end - bufStart;
                int limit = -1;
                if (endIndex < length) {
                    int nl = indexOf(buf, (int) Math.max(from, endIndex), length);
                    limit = nl >= 0 ? nl + 1 : eof ? length : -1;
                } else if (eof) {
                    limit = length;
                }
                if (limit >= 0) {
                    if (limit > from) {
                        parse(buf, from, limit);
                    }
                    return;
                }
                int cut = lastIndexOf(buf, from, length) + 1;
                if (cut > from) {
                    parse(buf, from, cut);
                    System.arraycopy(buf, cut, buf, 0, length - cut);
                    bufStart += cut;
                    length -= cut;
                    from = 0;
                }
            }
        }

        private void checkLength(int lineBytes) {
            if (lineBytes >= MAX_LINE_BYTES) {
                throw new InputException(source, Parts.line(partition, lines + 1), 1, "a line longer than "
                        + (MAX_LINE_BYTES >> 20) + " MB; expected LF or CRLF line endings");
            }
        }

        private void parse(byte[] buf, int from, int to) {
            long firstLine = lines + 1;
            lines += count(buf, from, to);
            if (buf[to - 1] != '\n') {
                lines++; // the last line of a file without a final line feed
            }
            parser.parse(buf, from, to, Parts.line(partition, firstLine), false, sink);
        }

        /** A file's header must give the columns the first file's gave. */
        private void checkHeader(byte[] buf, int from, int to) {
            List<String> names = CsvChunkParser.columns(source, buf, from, to, options());
            if (!names.equals(columns)) {
                throw new InputException(source, 1, 1, "its header differs from the first file's (" + names + ", not "
                        + columns + "); expected every file of a folder to have the same columns");
            }
        }
    }

    private static boolean startsWithBom(byte[] b, int length) {
        return length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return from - 1;
    }

    /** Line feeds in {@code b[from, to)}, eight bytes at a time. */
    static long count(byte[] b, int from, int to) {
        long n = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL; // a line feed becomes a zero byte
            // exact zero-byte test: no false positives from borrows (high bit set only where the byte was zero)
            long zero = ~(((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | x | 0x7F7F7F7F7F7F7F7FL);
            n += Long.bitCount(zero);
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}
