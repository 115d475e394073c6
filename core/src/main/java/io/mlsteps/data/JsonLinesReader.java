package io.mlsteps.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON Lines: one flat object per line; the first object's keys are the columns. */
final class JsonLinesReader implements RecordReader {
    private final String source;
    private final ReadOptions options;
    private final BufferedReader in;
    private final List<String> columns;
    private final Map<String, Integer> index = new java.util.HashMap<>();
    private ObjectNode pending;
    private long line;
    private long pendingLine;

    JsonLinesReader(String source, InputStream stream, ReadOptions options) {
        this.source = source;
        this.options = options;
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        this.in = new BufferedReader(new InputStreamReader(stream, decoder), 1 << 16);
        this.pending = readObject();
        if (pending == null) {
            close();
            throw new InputException(source, 1, 1, "file is empty; expected one JSON object per line");
        }
        pendingLine = line;
        if (pending.size() > ReadOptions.MAX_COLUMNS) {
            close();
            throw CsvRecordReader.tooManyColumns(source, pendingLine, "the first object (" + String.format(
                    java.util.Locale.ROOT, "%,d", pending.size()) + " keys)");
        }
        List<String> names = new ArrayList<>();
        pending.fieldNames().forEachRemaining(names::add);
        this.columns = List.copyOf(names);
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
    }

    private ObjectNode readObject() {
        try {
            String text;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node = Json.readLine(source, line, text);
                if (!(node instanceof ObjectNode obj)) {
                    throw new InputException(source, line, 1, "expected a JSON object per line but found "
                            + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
                }
                return obj;
            }
            return null;
        } catch (CharacterCodingException e) {
            throw new InputException(source, line + 1, -1, "invalid UTF-8 byte sequence; expected UTF-8 text");
        } catch (IOException e) {
            throw new InputException(source, line + 1, -1, "cannot read: " + e.getMessage());
        }
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public String[] next() {
        ObjectNode obj;
        long objLine;
        if (pending != null) {
            obj = pending;
            objLine = pendingLine;
            pending = null;
        } else {
            obj = readObject();
            objLine = line;
        }
        if (obj == null) {
            return null;
        }
        String[] values = new String[columns.size()];
        Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            Integer i = index.get(field.getKey());
            if (i == null) {
                throw new InputException(source, objLine, -1, "unexpected key '" + field.getKey()
                        + "'; expected only the keys of the first line: " + columns);
            }
            JsonNode v = field.getValue();
            if (v.isContainerNode()) {
                throw new InputException(source, objLine, -1, "key '" + field.getKey()
                        + "' holds a nested " + (v.isArray() ? "array" : "object") + "; expected a flat value");
            }
            String text = v.isNull() ? null : v.asText();
            values[i] = options.isMissing(text) ? null : text;
        }
        this.line = objLine;
        return values;
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public String sourceName() {
        return source;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
