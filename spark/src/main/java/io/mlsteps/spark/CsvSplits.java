package io.mlsteps.spark;

import io.mlsteps.data.CsvChunkParser;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.RowSink;
import io.mlsteps.engine.DataSource;
import io.mlsteps.engine.PartialScan;
import io.mlsteps.util.InputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.SparkSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * CSV/TSV files read the engine's way on Spark: Hadoop's text input lists the files and cuts them into splits of the
 * size Spark's file sources choose, and {@link CsvSplitScan} reads each split's bytes in chunks and parses them with
 * the engine's byte scanner. Spark's own CSV reader builds a typed row per record, which cost about five times the
 * engine's whole scan (docs/bench/spark.md). Applies to files, folders of files and globs; a folder with subfolders
 * (Hive-style partitions, which Spark turns into columns) is left to Spark's CSV reader.
 */
final class CsvSplits {
    static final String MAX_PARTITION_BYTES = "spark.sql.files.maxPartitionBytes";
    /** The largest split when {@value #MAX_PARTITION_BYTES} is not set. */
    static final long DEFAULT_SPLIT_BYTES = 512L << 20;
    private final SparkSession session;
    private final DataSource source;
    private final ReadOptions options;
    private final List<String> columns;
    private final long bytes;
    private final int files;

    private CsvSplits(SparkSession session, DataSource source, ReadOptions options, List<String> columns,
                      List<FileStatus> files) {
        this.session = session;
        this.source = source;
        this.options = options;
        this.columns = columns;
        this.bytes = files.stream().mapToLong(FileStatus::getLen).sum();
        this.files = files.size();
    }

    /** The reading of {@code source} by splits, if it is CSV/TSV in files this way can read; empty otherwise. */
    static Optional<CsvSplits> of(SparkSession session, DataSource source) {
        if (!source.format().equals("csv") && !source.format().equals("tsv")) {
            return Optional.empty();
        }
        ReadOptions o = source.options();
        ReadOptions options = o.delimiter() != null ? o : o.withDelimiter(source.format().equals("tsv") ? '\t' : ',');
        Configuration conf = session.sparkContext().hadoopConfiguration();
        List<FileStatus> files;
        try {
            files = files(new Path(source.location()), conf);
        } catch (IOException e) {
            return Optional.empty(); // Spark's reader names the problem (a path that does not exist, no access)
        }
        if (files == null || files.isEmpty()) {
            return Optional.empty();
        }
        // the first file with bytes: an empty file in a folder adds nothing
        FileStatus first = files.stream().filter(f -> f.getLen() > 0).findFirst().orElse(files.get(0));
        List<String> columns = header(first, conf, options);
        return Optional.of(new CsvSplits(session, source, options, columns, files));
    }

    /**
     * The data files a location names (a file, a folder of files, a glob), by name; null when it holds a folder
     * (partitions) or nothing.
     */
    private static List<FileStatus> files(Path location, Configuration conf) throws IOException {
        FileSystem fs = location.getFileSystem(conf);
        FileStatus[] matched = fs.globStatus(location);
        if (matched == null) {
            return null;
        }
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus m : matched) {
            if (m.isFile()) {
                files.add(m);
                continue;
            }
            for (FileStatus f : fs.listStatus(m.getPath())) {
                String name = f.getPath().getName();
                if (name.startsWith("_") || name.startsWith(".")) {
                    continue; // as Spark and Hadoop: _SUCCESS, .crc files
                }
                if (!f.isFile()) {
                    return null;
                }
                files.add(f);
            }
        }
        files.sort(Comparator.comparing(f -> f.getPath().toString()));
        return files;
    }

    /** The columns of the first file's first record (its header, or c1..cN / columnNames without one). */
    private static List<String> header(FileStatus first, Configuration conf, ReadOptions options) {
        Path path = first.getPath();
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
        try (InputStream raw = path.getFileSystem(conf).open(path);
             InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
            byte[] firstLine = firstLine(in);
            return CsvChunkParser.columns(path.toString(), firstLine, 0, firstLine.length, options);
        } catch (IOException e) {
            throw new InputException(path.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** The bytes up to the first line feed (a header is one line), at most a few MB. */
    private static byte[] firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            out.write(c);
            if (c == '\n' || out.size() > CsvSplitScan.MAX_LINE_BYTES) {
                break;
            }
        }
        return out.toByteArray();
    }

    List<String> columns() {
        return columns;
    }

    /**
     * The split size: as Spark's file sources choose it ({@code FilePartition.maxSplitBytes}: small enough to keep
     * every core busy), but at most {@link #DEFAULT_SPLIT_BYTES} unless {@code spark.sql.files.maxPartitionBytes} is
     * set. Spark's 128 MB default is too small for a scan whose every partition ends in a profile of a few MB to
     * encode and merge: about 0.65 CPU seconds a part against about 1 for 128 MB of rows (docs/bench/spark.md).
     */
    long splitBytes() {
        long max = session.conf().getAll().contains(MAX_PARTITION_BYTES)
                ? JavaUtils.byteStringAsBytes(session.conf().get(MAX_PARTITION_BYTES)) : DEFAULT_SPLIT_BYTES;
        long openCost = JavaUtils.byteStringAsBytes(session.conf().get("spark.sql.files.openCostInBytes", "4m"));
        scala.Option<String> minPartitions = session.conf().getOption("spark.sql.files.minPartitionNum");
        int parallelism = minPartitions.isDefined() ? Integer.parseInt(minPartitions.get().trim())
                : session.sparkContext().defaultParallelism();
        long perCore = (bytes + files * openCost) / Math.max(1, parallelism);
        return Math.max(1, Math.min(max, Math.max(openCost, perCore)));
    }

    /** The scan's parts, one per split, merged by the caller. */
    <S extends RowSink> JavaRDD<byte[]> scan(PartialScan<S> scan) {
        Configuration conf = new Configuration(session.sparkContext().hadoopConfiguration());
        long split = splitBytes();
        conf.setLong("mapreduce.input.fileinputformat.split.minsize", split);
        conf.setLong("mapreduce.input.fileinputformat.split.maxsize", split);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
        JavaNewHadoopRDD<LongWritable, Text> splits = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
                source.location(), SplitsOnly.class, LongWritable.class, Text.class, conf);
        return splits.mapPartitionsWithInputSplit(new CsvSplitScan<>(scan, columns, options, conf), true);
    }

    /**
     * Hadoop's text input for its splits only (files listed, hidden ones left out, cut at the split size, a compressed
     * file whole): {@link CsvSplitScan} reads each split's bytes itself, in chunks, instead of line by line.
     */
    public static final class SplitsOnly extends TextInputFormat {
        @Override
        protected boolean isSplitable(org.apache.hadoop.mapreduce.JobContext context, Path file) {
            return new CompressionCodecFactory(context.getConfiguration()).getCodec(file) == null;
        }

        @Override
        public org.apache.hadoop.mapreduce.RecordReader<LongWritable, Text> createRecordReader(
                org.apache.hadoop.mapreduce.InputSplit split, org.apache.hadoop.mapreduce.TaskAttemptContext context) {
            return new NoRecords();
        }
    }

    /** A record reader that reads nothing. */
    private static final class NoRecords extends org.apache.hadoop.mapreduce.RecordReader<LongWritable, Text> {
        @Override
        public void initialize(org.apache.hadoop.mapreduce.InputSplit split, org.apache.hadoop.mapreduce.TaskAttemptContext context) {
        }

        @Override
        public boolean nextKeyValue() {
            return false;
        }

        @Override
        public LongWritable getCurrentKey() {
            return null;
        }

        @Override
        public Text getCurrentValue() {
            return null;
        }

        @Override
        public float getProgress() {
            return 1;
        }

        @Override
        public void close() {
        }
    }
}
