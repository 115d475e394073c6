package io.mlsteps.engine;

import io.mlsteps.contract.steps.EngineArgs;
import io.mlsteps.contract.steps.ReadingArgs;
import io.mlsteps.data.DataReaders;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.data.Reading;
import io.mlsteps.util.InputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Data as a distributed engine reads it: a location (a file or folder path, a URI such as
 * {@code s3a://bucket/logs/} or {@code hdfs:///data/x.parquet}, or a table name), its format and the read
 * options of the local readers (header, delimiter, missing-value markers).
 *
 * @param location the path, URI or table name
 * @param format   {@code csv}, {@code tsv}, {@code jsonl}, {@code parquet}, {@code table}, or any other source name
 *                 the engine knows ({@code orc}, {@code delta}, ...); never {@code auto}
 * @param options  how text files are read
 */
public record DataSource(String location, String format, ReadOptions options) {
    /** The formats every engine of mlsteps reads; others are passed to the engine as its source name. */
    public static final List<String> KNOWN_FORMATS = List.of("csv", "tsv", "jsonl", "parquet", "table");
    private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");
    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z][a-z0-9_.-]*");

    /**
     * The source a step argument names: {@code location} relative to {@code workDir} unless it is a URI or a
     * table; {@code format} ({@code auto}: from the name, {@code .parquet} and folders of Parquet files included).
     */
    public static DataSource of(String location, String format, ReadOptions options, Path workDir, String argument) {
        if (location == null || location.isBlank()) {
            throw new InputException(argument, "is required: a file, a folder, a URI or (with format: 'table') a table name");
        }
        String f = format == null || format.isBlank() ? "auto" : format.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("auto") && !KNOWN_FORMATS.contains(f) && !SOURCE_NAME.matcher(f).matches()) {
            throw new InputException("format", "is '" + format + "'; expected auto, csv, tsv, jsonl, parquet, table or "
                    + "a Spark source name such as orc");
        }
        if (f.equals("table")) {
            return new DataSource(location.trim(), f, options);
        }
        String where = isUri(location) ? location.trim() : workDir.resolve(location.trim()).toAbsolutePath().normalize().toString();
        Path local = localPath(where);
        if (local != null && !Files.exists(local)) {
            throw new InputException(location, "file not found");
        }
        if (f.equals("auto")) {
            f = formatOf(where);
        }
        return new DataSource(where, f, options);
    }

    /**
     * How a step reads its data on the engine it chose: the local readers' options ({@link Reading#options}), or
     * for a distributed engine the same without the format, which {@link #of} resolves (Parquet and tables too).
     */
    public static ReadOptions readOptions(ReadingArgs reading, EngineArgs engine) {
        return EngineChoice.SPARK.equalsIgnoreCase(engine.engine()) ? Reading.textOptions(reading) : Reading.options(reading);
    }

    /** Whether the location is a URI with a scheme ({@code s3a://...}, {@code file:/...}), not a local path. */
    public static boolean isUri(String location) {
        // a Windows drive letter (C:\...) is a path, not a scheme
        return URI.matcher(location).matches() && !location.matches("[A-Za-z]:[\\\\/].*");
    }

    /** The format of a location: a local folder's from its files, else from the name (.parquet, .tsv, .jsonl, else CSV). */
    static String formatOf(String location) {
        Path local = localPath(location);
        if (local != null && Files.isDirectory(local)) {
            try (var files = Files.list(local)) {
                return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.startsWith("_"))
                        .sorted().map(DataSource::formatOfName).findFirst().orElse("csv");
            } catch (IOException e) {
                return "csv";
            }
        }
        return formatOfName(location);
    }

    /** Parquet by its extension; otherwise the local readers' rule for the name (tsv, jsonl, else csv). */
    private static String formatOfName(String location) {
        String name = location.replaceAll("/+$", "");
        name = name.substring(name.lastIndexOf('/') + 1);
        if (name.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|bz2|snappy|zst|lz4)$", "").endsWith(".parquet")) {
            return "parquet";
        }
        return DataReaders.resolveFormat(Path.of(name.isEmpty() ? "data" : name), "auto");
    }

    /** The local file a location names (a path or a {@code file:} URI), or null for other URIs and tables. */
    public static Path localPath(String location) {
        if (!isUri(location)) {
            return Path.of(location);
        }
        return location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : null;
    }

    /** For logs and error messages: the location, and the format when it is not in the name. */
    public String describe() {
        return format.equals("table") ? "table " + location : location + " (" + format + ")";
    }
}
