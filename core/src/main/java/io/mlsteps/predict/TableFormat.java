package io.mlsteps.predict;

import com.fasterxml.jackson.core.JsonGenerator;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * How a table the step writes (predictions, rejects) is encoded, decided by its file name: {@code .csv},
 * {@code .tsv} or {@code .jsonl}/{@code .ndjson}, each optionally {@code .gz}. Chunks are encoded independently
 * (on the scoring threads); a compressed chunk is a whole gzip member, and members written one after the other
 * form one valid gzip file (RFC 1952), which gzip, Python and Java read as one stream.
 *
 * <p>Values are {@code String}, {@code Long}, {@code Double} or null. In CSV/TSV a null and a non-finite number
 * are the empty cell; in JSON Lines they are {@code null}, numbers are JSON numbers, and each line is an object of
 * the columns in order.
 */
final class TableFormat {
    enum Kind { CSV, TSV, JSONL }

    private final Kind kind;
    private final boolean gzip;

    private TableFormat(Kind kind, boolean gzip) {
        this.kind = kind;
        this.gzip = gzip;
    }

    /** The format of a file by its name; any other name is an input error naming the argument. */
    static TableFormat of(Path file, String argument) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gzip = name.endsWith(".gz");
        String base = gzip ? name.substring(0, name.length() - 3) : name;
        Kind kind = base.endsWith(".csv") ? Kind.CSV : base.endsWith(".tsv") ? Kind.TSV
                : base.endsWith(".jsonl") || base.endsWith(".ndjson") ? Kind.JSONL : null;
        if (kind == null) {
            throw new InputException(argument, "'" + file.getFileName() + "' does not name a format; expected a file "
                    + "name ending in .csv, .tsv or .jsonl, each optionally .gz");
        }
        return new TableFormat(kind, gzip);
    }

    Kind kind() {
        return kind;
    }

    boolean gzip() {
        return gzip;
    }

    /** The format's name as results show it, e.g. {@code csv+gzip}. */
    String describe() {
        return kind.name().toLowerCase(Locale.ROOT) + (gzip ? "+gzip" : "");
    }

    /** The header line of CSV/TSV (nothing for JSON Lines), encoded as a chunk. */
    byte[] header(List<String> columns) {
        return kind == Kind.JSONL ? (gzip ? encode(columns, List.of(), false) : new byte[0])
                : encode(columns, List.of(), true);
    }

    /** Records as the bytes of this format (a gzip member when compressed). */
    byte[] encode(List<String> columns, List<Object[]> records) {
        return encode(columns, records, false);
    }

    private byte[] encode(List<String> columns, List<Object[]> records, boolean header) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + records.size() * 24 * Math.max(1, columns.size()));
        try {
            OutputStream out = gzip ? new GZIPOutputStream(bytes, 1 << 16) : bytes;
            if (kind == Kind.JSONL) {
                writeJson(out, columns, records);
            } else {
                writeDelimited(out, columns, records, header);
            }
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void writeDelimited(OutputStream out, List<String> columns, List<Object[]> records, boolean header)
            throws IOException {
        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CsvWriter csv = CsvWriter.builder().fieldSeparator(kind == Kind.TSV ? '\t' : ',')
                .lineDelimiter(LineDelimiter.LF).build(text);
        if (header) {
            csv.writeRecord(columns);
        }
        String[] cells = new String[columns.size()];
        for (Object[] record : records) {
            for (int i = 0; i < cells.length; i++) {
                cells[i] = text(record[i]);
            }
            csv.writeRecord(cells);
        }
        csv.flush();
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? Double.toString(d) : "";
        }
        return value.toString();
    }

    private static void writeJson(OutputStream out, List<String> columns, List<Object[]> records) throws IOException {
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            for (Object[] record : records) {
                json.writeStartObject();
                for (int i = 0; i < record.length; i++) {
                    json.writeFieldName(columns.get(i));
                    Object v = record[i];
                    if (v instanceof Double d && Double.isFinite(d)) {
                        json.writeNumber(d);
                    } else if (v instanceof Long l) {
                        json.writeNumber(l);
                    } else if (v instanceof String s) {
                        json.writeString(s);
                    } else {
                        json.writeNull();
                    }
                }
                json.writeEndObject();
                json.writeRaw('\n');
            }
        }
    }
}
