package io.mlsteps.data;

import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Wide files meet one documented column limit ({@link ReadOptions#MAX_COLUMNS}) in every format, with an input
 * error at the line that crosses it (exit 3), and per-column charts stay readable: the missing-ratio chart of a
 * wide file shows the columns with the most missing values, and says how many of how many.
 */
class WideFilesTest {
    @TempDir
    Path dir;

    private Path csv(String name, int columns, int rows) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(IntStream.range(0, columns).mapToObj(i -> "c" + i).collect(Collectors.joining(",")));
        for (int r = 0; r < rows; r++) {
            int row = r;
            lines.add(IntStream.range(0, columns).mapToObj(i -> i % 10 == row % 10 ? "" : Integer.toString(i + row))
                    .collect(Collectors.joining(",")));
        }
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void aCsvWiderThanTheLimitIsAnInputErrorAtItsHeader() throws Exception {
        Path wide = csv("wide.csv", ReadOptions.MAX_COLUMNS + 1, 2);
        assertThatThrownBy(() -> DatasetProfile.compute(wide, ReadOptions.defaults(), StepLog.silent()))
                .isInstanceOf(InputException.class)
                .hasMessage(wide + ":1: a record has more than 16,384 columns, the most mlsteps reads (CSV, TSV and JSON "
                        + "Lines alike); select the columns you need first (e.g. cut -d, -f1-100, or jq for JSON Lines)");
        Path tsv = Files.writeString(dir.resolve("wide.tsv"), Files.readString(wide).replace(',', '\t'));
        assertThatThrownBy(() -> DataReaders.open(tsv).close()).isInstanceOf(InputException.class)
                .hasMessageContaining("more than 16,384 columns");
        try (RecordReader atTheLimit = DataReaders.open(csv("edge.csv", ReadOptions.MAX_COLUMNS, 1))) {
            assertThat(atTheLimit.columns()).hasSize(ReadOptions.MAX_COLUMNS);
            assertThat(atTheLimit.next()).hasSize(ReadOptions.MAX_COLUMNS);
        }
    }

    @Test
    void aJsonLinesRecordWithMoreKeysThanTheLimitIsAnInputErrorAtOnce() throws Exception {
        StringBuilder line = new StringBuilder("{");
        for (int i = 0; i < 300_000; i++) {
            line.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        Path keys = Files.writeString(dir.resolve("keys.jsonl"), line.append("}\n"));
        assertThatThrownBy(() -> DatasetProfile.compute(keys, ReadOptions.defaults(), StepLog.silent()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(keys + ":1: the first object (300,000 keys) has more than 16,384 columns");
    }

    @Test
    void theMissingRatioChartOfAWideFileShowsTheColumnsWithTheMostMissing() throws Exception {
        DatasetProfile wide = DatasetProfile.compute(csv("hundred.csv", 100, 20), ReadOptions.defaults(), StepLog.silent());
        // make a few columns stand out: their values are missing in most rows
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("hundred.csv")));
        for (int r = 1; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",", -1);
            for (int c : new int[]{7, 42, 99}) {
                cells[c] = r % 5 == 0 ? "1" : "";
            }
            lines.set(r, String.join(",", cells));
        }
        DatasetProfile sparse = DatasetProfile.compute(Files.write(dir.resolve("sparse.csv"), lines),
                ReadOptions.defaults(), StepLog.silent());
        JFreeChart chart = ProfileCharts.missingRatios(sparse, Map.of());
        CategoryPlot plot = (CategoryPlot) chart.getPlot();
        assertThat(plot.getDataset().getColumnCount()).isEqualTo(ProfileCharts.MAX_CHART_COLUMNS);
        assertThat(plot.getDataset().getColumnKeys().subList(0, 3)).containsExactlyInAnyOrder("c7", "c42", "c99");
        assertThat(chart.getTitle().getText()).isEqualTo("Missing values: the 40 of 100 columns with the most");
        assertThat(((CategoryPlot) ProfileCharts.missingRatios(wide, Map.of()).getPlot()).getDataset().getColumnCount())
                .isEqualTo(40);
        DatasetProfile narrow = DatasetProfile.compute(csv("narrow.csv", 5, 20), ReadOptions.defaults(), StepLog.silent());
        assertThat(ProfileCharts.missingRatios(narrow, Map.of()).getTitle().getText()).isEqualTo("Missing values per column");
    }
}
