package io.mlsteps.data;

import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Opens tabular files: the one place that decides format, compression and decoding. */
public final class DataReaders {
    private DataReaders() {
    }

    public static RecordReader open(Path file) {
        return open(file, ReadOptions.defaults());
    }

    /** As {@link #open(Path, ReadOptions, StepLog)} with nothing logged (a sniffed delimiter still applies). */
    public static RecordReader open(Path file, ReadOptions options) {
        return open(file, options, StepLog.silent());
    }

    /**
     * Opens a file to read record by record. The delimiter, unless given, is the format's or the one sniffed from
     * the first lines, and a header line that looks like data is warned about on {@code log} ({@link FileLayout}).
     */
    public static RecordReader open(Path file, ReadOptions options, StepLog log) {
        requireFile(file);
        return openResolved(file, FileLayout.resolve(file, options, log));
    }

    static void requireFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new InputException(file.toString(), "is a folder; expected a CSV, TSV or JSON Lines file");
        }
    }

    /** Opens a file with options {@link FileLayout#resolve resolved} for it (format and delimiter decided). */
    static RecordReader openResolved(Path file, ReadOptions options) {
        String format = resolveFormat(file, options.format());
        InputStream in = openStream(file);
        return switch (format) {
            case "jsonl" -> new JsonLinesReader(file.toString(), in, options);
            case "tsv" -> new CsvRecordReader(file.toString(), in,
                    options.delimiter() == null ? options.withDelimiter('\t') : options);
            case "csv" -> new CsvRecordReader(file.toString(), in,
                    options.delimiter() == null ? options.withDelimiter(',') : options);
            default -> throw new InputException("--format", "unknown format '" + format
                    + "'; expected auto, csv, tsv or jsonl");
        };
    }

    /** The format of a file: the option if given, else from its name (.csv, .tsv, .jsonl/.ndjson, optionally .gz). */
    public static String resolveFormat(Path file, String option) {
        if (option != null && !option.equalsIgnoreCase("auto")) {
            return option.toLowerCase(Locale.ROOT);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return "tsv";
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return "jsonl";
        }
        return "csv";
    }

    /**
     * The data files a path stands for: the file itself, or the CSV/TSV/JSON Lines files of a folder (each optionally
     * {@code .gz}), sorted by name; a missing path or a folder without data files is an input error.
     */
    public static java.util.List<Path> dataFiles(Path fileOrFolder) {
        if (!Files.exists(fileOrFolder)) {
            throw new InputException(fileOrFolder.toString(), "file not found");
        }
        if (!Files.isDirectory(fileOrFolder)) {
            return java.util.List.of(fileOrFolder);
        }
        try (var stream = Files.list(fileOrFolder)) {
            java.util.List<Path> files = stream.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "");
                return n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".jsonl") || n.endsWith(".ndjson");
            }).sorted().toList();
            if (files.isEmpty()) {
                throw new InputException(fileOrFolder.toString(), "folder holds no .csv, .tsv or .jsonl file");
            }
            return files;
        } catch (IOException e) {
            throw new InputException(fileOrFolder.toString(), "cannot list folder: " + e.getMessage());
        }
    }

    /** Opens a file, transparently decompressing gzip (detected by its magic bytes, not its name). */
    public static InputStream openStream(Path file) {
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            raw.mark(2);
            int b1 = raw.read();
            int b2 = raw.read();
            raw.reset();
            if (b1 == 0x1f && b2 == 0x8b) {
                return new GZIPInputStream(raw, 1 << 16);
            }
            return raw;
        } catch (NoSuchFileException e) {
            throw new InputException(file.toString(), "file not found");
        } catch (IOException e) {
            throw new InputException(file.toString(), "cannot open: " + e.getMessage());
        }
    }
}
