package io.mlsteps.data;

import io.mlsteps.testing.PythonOracle;
import io.mlsteps.testing.SharedData;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DatasetProfileTest {
    @TempDir
    Path tmp;

    @Test
    void profilesAdultLikePandasDescribe() {
        Path adult = SharedData.require("adult/adult_train.csv");
        PythonOracle.assumeModules("pandas");
        DatasetProfile p = DatasetProfile.compute(adult, ReadOptions.defaults(), StepLog.silent());
        var oracle = PythonOracle.json("""
                import pandas as pd, json
                df = pd.read_csv(%s, keep_default_na=False, na_values=['', 'NA', '?', 'null'])
                out = {'rows': len(df), 'dups': int(df.duplicated().sum()), 'cols': {}}
                for c in df.columns:
                    s = df[c]
                    d = {'missing': int(s.isna().sum()), 'nunique': int(s.nunique())}
                    if s.dtype.kind in 'if':
                        d.update(mean=float(s.mean()), std=float(s.std()), min=float(s.min()), max=float(s.max()),
                                 median=float(s.median()), lo=float(s.quantile(0.47)), hi=float(s.quantile(0.53)))
                    else:
                        d['counts'] = {str(k): int(v) for k, v in s.value_counts().items()}
                    out['cols'][c] = d
                print(json.dumps(out))
                """.formatted(pyString(adult)));
        assertThat(p.rows()).isEqualTo(oracle.get("rows").asLong());
        assertThat(p.duplicatesExact()).isTrue();
        assertThat(p.duplicateRows()).isEqualTo(oracle.get("dups").asLong());
        assertThat(p.sha256()).isEqualTo("98fbe372dd00d6afcdec811b8bb79925ff35cf6ca47fc83193913554531e8bc9");
        var cols = oracle.get("cols");
        cols.fieldNames().forEachRemaining(name -> {
            ColumnProfile c = p.column(name);
            var o = cols.get(name);
            assertThat(c.missing()).as(name).isEqualTo(o.get("missing").asLong());
            double nunique = o.get("nunique").asDouble();
            if (c.categoriesExact()) {
                assertThat(c.distinctEstimate()).as(name).isEqualTo(nunique);
            } else {
                assertThat(c.distinctEstimate()).as(name).isCloseTo(nunique, within(0.05 * nunique));
            }
            if (o.has("mean")) {
                assertThat(c.type()).as(name).isEqualTo(ColumnType.INTEGER);
                assertThat(c.mean()).as(name).isCloseTo(o.get("mean").asDouble(), within(1e-9 * Math.abs(o.get("mean").asDouble()) + 1e-9));
                assertThat(c.stddev()).as(name).isCloseTo(o.get("std").asDouble(), within(1e-6 * o.get("std").asDouble()));
                assertThat(c.min()).isEqualTo(o.get("min").asDouble());
                assertThat(c.max()).isEqualTo(o.get("max").asDouble());
                // the sketch's median lies between pandas' 0.47 and 0.53 quantiles (rank error about 0.013)
                assertThat(c.quantile(0.5)).as(name).isBetween(o.get("lo").asDouble(), o.get("hi").asDouble());
            } else {
                assertThat(c.type()).as(name).isEqualTo(ColumnType.CATEGORICAL);
                assertThat(c.categoriesExact()).isTrue();
                var counts = c.categoryCounts();
                o.get("counts").fields().forEachRemaining(e ->
                        assertThat(counts.get(e.getKey())).as(name + "=" + e.getKey()).isEqualTo(e.getValue().asLong()));
                assertThat(counts).hasSize(o.get("counts").size());
            }
        });
    }

    @Test
    void histogramsMatchNumpyWithinTheSketchRankError() {
        Path adult = SharedData.require("adult/adult_train.csv");
        PythonOracle.assumeModules("pandas", "numpy");
        DatasetProfile p = DatasetProfile.compute(adult, ReadOptions.defaults(), StepLog.silent());
        for (String column : new String[]{"age", "education_num", "hours_per_week", "fnlwgt"}) {
            ColumnProfile c = p.column(column);
            ColumnProfile.Histogram h = c.histogram();
            assertThat(h.counts()).hasSize(h.edges().length - 1);
            assertThat(java.util.Arrays.stream(h.counts()).sum()).isEqualTo(c.numericCount());
            String edges = java.util.Arrays.toString(h.edges());
            var oracle = PythonOracle.json("""
                    import pandas as pd, numpy as np, json
                    s = pd.read_csv(%s)['%s'].dropna().to_numpy()
                    counts, _ = np.histogram(s, bins=np.array(%s))
                    print(json.dumps([int(x) for x in counts]))
                    """.formatted(pyString(adult), column, edges));
            long tolerance = Math.round(2 * c.rankError() * c.numericCount()) + 1;
            for (int i = 0; i < h.counts().length; i++) {
                assertThat(h.counts()[i]).as("%s bin %d %s", column, i, edges)
                        .isCloseTo(oracle.get(i).asLong(), within(tolerance));
            }
        }
        // integer bins: whole numbers, one per bin for a small range
        assertThat(p.column("education_num").histogram().edges()).startsWith(0.5, 1.5, 2.5).endsWith(16.5);
    }

    @Test
    void mergedHalvesEqualTheWholeWithinSketchError() throws Exception {
        Path adult = SharedData.require("adult/adult_train.csv");
        List<String> lines = Files.readAllLines(adult);
        int half = lines.size() / 2;
        Path first = tmp.resolve("first.csv");
        Path second = tmp.resolve("second.csv");
        Files.write(first, lines.subList(0, half));
        List<String> rest = new ArrayList<>();
        rest.add(lines.get(0));
        rest.addAll(lines.subList(half, lines.size()));
        Files.write(second, rest);

        DatasetProfile whole = DatasetProfile.compute(adult, ReadOptions.defaults(), StepLog.silent(), 1);
        DatasetProfile a = DatasetProfile.compute(first, ReadOptions.defaults(), StepLog.silent(), 1);
        DatasetProfile b = DatasetProfile.compute(second, ReadOptions.defaults(), StepLog.silent(), 1);
        DatasetProfile merged = a.merge(b);

        assertThat(merged.rows()).isEqualTo(whole.rows());
        assertThat(merged.duplicateRows()).isEqualTo(whole.duplicateRows());
        assertThat(a.rows()).isEqualTo(half - 1);
        for (ColumnProfile w : whole.columns()) {
            ColumnProfile m = merged.column(w.name());
            assertThat(m.type()).isEqualTo(w.type());
            assertThat(m.count()).isEqualTo(w.count());
            assertThat(m.missing()).isEqualTo(w.missing());
            assertThat(m.numericCount()).isEqualTo(w.numericCount());
            if (w.numericCount() > 0) {
                assertThat(m.min()).isEqualTo(w.min());
                assertThat(m.max()).isEqualTo(w.max());
                assertThat(m.mean()).isCloseTo(w.mean(), within(1e-9 * (1 + Math.abs(w.mean()))));
                assertThat(m.stddev()).isCloseTo(w.stddev(), within(1e-9 * (1 + Math.abs(w.stddev()))));
            }
            assertThat(m.distinctEstimate()).isCloseTo(w.distinctEstimate(), within(0.05 * w.distinctEstimate() + 1));
            if (w.categoriesExact()) {
                assertThat(m.categoryCounts()).isEqualTo(w.categoryCounts());
            }
            for (double q : new double[]{0.1, 0.25, 0.5, 0.75, 0.9}) {
                if (w.numericCount() > 0) {
                    // the merged sketch's quantile has a true rank in the whole file within twice the rank error
                    double rankInWhole = w.cdf(m.quantile(q));
                    assertThat(rankInWhole).as(w.name() + " q" + q).isGreaterThanOrEqualTo(q - 2 * w.rankError() - 0.01);
                }
            }
        }
        // the merge did not modify its inputs
        assertThat(a.rows()).isEqualTo(half - 1);
    }

    /**
     * The scan's byte path (chunked, ASCII records straight from bytes, values counted in the exact table, runs
     * of equal values batched) and the String path (one thread, every cell a String) give the same profile:
     * a file of several chunks with low- and high-cardinality numbers and texts, a sorted timestamp column,
     * blanks, missing markers, NaN, CRLF and LF line ends, and quoted records that go to the general reader.
     */
    @Test
    void bytePathAndStringPathGiveTheSameProfile() throws Exception {
        Path file = tmp.resolve("mixed.csv");
        java.util.Random random = new java.util.Random(11);
        StringBuilder sb = new StringBuilder("code,small,wide,price,name,city,at,flag\n");
        for (int i = 0; i < 120_000; i++) {
            String city = random.nextInt(50) == 0 ? "\"Saint, Paul\"" : "C" + random.nextInt(40);
            String small = switch (random.nextInt(20)) {
                case 0 -> "NA";
                case 1 -> " " + random.nextInt(9) + " ";
                case 2 -> "";
                default -> Integer.toString(random.nextInt(300) - 100);
            };
            sb.append(random.nextInt(5)).append(',').append(small).append(',')
                    .append(random.nextInt(1_000_000)).append(',')
                    .append(random.nextInt(100) == 0 ? "NaN" : String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble() * 500))
                    .append(',').append("user").append(random.nextInt(5000)).append(',').append(city).append(',')
                    .append(java.time.LocalDateTime.of(2020, 1, 1, 0, 0).plusMinutes(i / 7).toString().replace('T', ' '))
                    .append(',').append(random.nextBoolean()).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        Files.writeString(file, sb);
        assertThat(Files.size(file)).isGreaterThan(2L * DataScan.CHUNK_BYTES);

        DatasetProfile bytes = DatasetProfile.compute(file, ReadOptions.defaults(), StepLog.silent(), 2);
        DatasetProfile strings = DatasetProfile.compute(file, ReadOptions.defaults(), StepLog.silent(), 1);

        assertThat(bytes.rows()).isEqualTo(120_000).isEqualTo(strings.rows());
        assertThat(bytes.duplicateRows()).isEqualTo(strings.duplicateRows());
        for (ColumnProfile s : strings.columns()) {
            ColumnProfile b = bytes.column(s.name());
            String n = s.name();
            assertThat(b.type()).as(n).isEqualTo(s.type());
            assertThat(b.kindCounts()).as(n).isEqualTo(s.kindCounts());
            assertThat(b.count()).as(n).isEqualTo(s.count());
            assertThat(b.missing()).as(n).isEqualTo(s.missing());
            assertThat(b.nanOrInfinite()).as(n).isEqualTo(s.nanOrInfinite());
            assertThat(b.numericCount()).as(n).isEqualTo(s.numericCount());
            assertThat(b.minLength()).as(n).isEqualTo(s.minLength());
            assertThat(b.maxLength()).as(n).isEqualTo(s.maxLength());
            assertThat(b.categoriesExact()).as(n).isEqualTo(s.categoriesExact());
            assertThat(b.frequentValuesTracked()).as(n).isEqualTo(s.frequentValuesTracked());
            if (s.categoriesExact()) {
                assertThat(b.categoryCounts()).as(n).isEqualTo(s.categoryCounts());
                assertThat(b.distinctEstimate()).as(n).isEqualTo(s.distinctEstimate());
            } else {
                assertThat(b.distinctEstimate()).as(n).isCloseTo(s.distinctEstimate(), within(0.05 * s.distinctEstimate()));
            }
            if (s.numericCount() > 0) {
                assertThat(b.min()).as(n).isEqualTo(s.min());
                assertThat(b.max()).as(n).isEqualTo(s.max());
                assertThat(b.mean()).as(n).isCloseTo(s.mean(), within(1e-9 * (1 + Math.abs(s.mean()))));
                assertThat(b.stddev()).as(n).isCloseTo(s.stddev(), within(1e-9 * (1 + s.stddev())));
                for (double q : new double[]{0.05, 0.25, 0.5, 0.75, 0.95}) {
                    // the byte path's q-quantile has, in the String path's sketch, a rank range containing q
                    // (within the sketches' error; a range because of repeated values)
                    double v = b.quantile(q);
                    double below = s.quantileSketch().getRank(v,
                            org.apache.datasketches.quantilescommon.QuantileSearchCriteria.EXCLUSIVE);
                    assertThat(q).as(n + " q" + q).isBetween(below - 3 * s.rankError(), s.cdf(v) + 3 * s.rankError());
                }
            }
        }
        // what the table does per column: few distinct values stay exact, many numbers stop being tracked,
        // many texts keep their frequent values approximately
        assertThat(bytes.column("small").categoriesExact()).isTrue();
        assertThat(bytes.column("small").categoryCounts()).containsEntry("5", strings.column("small").categoryCounts().get("5"));
        assertThat(bytes.column("wide").frequentValuesTracked()).isFalse();
        assertThat(bytes.column("name").frequentValuesTracked()).isTrue();
        assertThat(bytes.column("name").categoriesExact()).isFalse();
        assertThat(bytes.column("city").categoryCounts()).containsKey("Saint, Paul");
        assertThat(bytes.column("at").type()).isEqualTo(ColumnType.TIMESTAMP);
        assertThat(bytes.column("at").distinctEstimate()).isCloseTo(120_000 / 7.0, within(0.05 * 120_000 / 7.0));
    }

    /** Two halves whose exact tables do not fit together: the merge moves to the sketches without counting twice. */
    @Test
    void mergeBeyondTheExactTableFallsBackToSketches() {
        DatasetProfile a = new DatasetProfile(List.of("word"));
        DatasetProfile b = new DatasetProfile(List.of("word"));
        DatasetProfile whole = new DatasetProfile(List.of("word"));
        for (int i = 0; i < 3000; i++) {
            String[] row = {"w" + (i % 1000)};
            String[] other = {"w" + (1000 + i % 1000)};
            a.accept(row, i + 2);
            b.accept(other, i + 2);
            whole.accept(row, i + 2);
            whole.accept(other, i + 2);
        }
        assertThat(a.column("word").categoriesExact()).isTrue();
        DatasetProfile merged = a.merge(b);
        ColumnProfile m = merged.column("word");
        assertThat(m.count()).isEqualTo(6000);
        assertThat(m.present()).isEqualTo(6000);
        assertThat(m.categoriesExact()).isFalse();
        assertThat(m.distinctEstimate()).isCloseTo(2000, within(0.05 * 2000));
        assertThat(whole.column("word").distinctEstimate()).isCloseTo(2000, within(0.05 * 2000));
        assertThat(m.kindCounts().get("text")).isEqualTo(6000);
        // two exact halves that fit together stay exact, with summed counts
        DatasetProfile c = new DatasetProfile(List.of("word"));
        c.accept(new String[]{"w1"}, 2);
        ColumnProfile small = a.merge(c).column("word");
        assertThat(small.categoriesExact()).isTrue();
        assertThat(small.categoryCounts().get("w1")).isEqualTo(4);
    }

    @Test
    void savesAndLoadsWithSketches() {
        Path adult = SharedData.require("adult/adult_train.csv");
        DatasetProfile p = DatasetProfile.compute(adult, ReadOptions.defaults(), StepLog.silent());
        Path file = tmp.resolve("profile.json");
        p.save(file);
        DatasetProfile back = DatasetProfile.load(file);
        assertThat(back.rows()).isEqualTo(p.rows());
        assertThat(back.sha256()).isEqualTo(p.sha256());
        assertThat(back.columnNames()).isEqualTo(p.columnNames());
        ColumnProfile age = back.column("age");
        assertThat(age.quantile(0.5)).isEqualTo(p.column("age").quantile(0.5));
        assertThat(age.histogram().counts()).isEqualTo(p.column("age").histogram().counts());
        assertThat(back.column("workclass").categoryCounts()).isEqualTo(p.column("workclass").categoryCounts());
        assertThat(back.duplicateRows()).isEqualTo(p.duplicateRows());
        // a loaded profile still merges
        assertThat(back.merge(p).rows()).isEqualTo(2 * p.rows());
    }

    static String pyString(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
