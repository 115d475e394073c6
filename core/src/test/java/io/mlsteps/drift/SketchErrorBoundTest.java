package io.mlsteps.drift;

import io.mlsteps.data.DatasetProfile;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Statistics from sketches stay within their documented bounds of the exact statistics; the fast path is exact. */
class SketchErrorBoundTest {
    @TempDir
    Path dir;

    private static double[] normal(Random rnd, int n, double mean) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = mean + rnd.nextGaussian();
        }
        return a;
    }

    @Test
    void ksAndWassersteinFromKllStayWithinTheRankErrorBound() {
        Random rnd = new Random(11);
        for (double shift : new double[]{0.0, 0.05, 0.3}) {
            double[] a = normal(rnd, 250_000, 0);
            double[] b = normal(rnd, 200_000, shift);
            ColumnDistribution ca = new ColumnDistribution("a");
            ColumnDistribution cb = new ColumnDistribution("b");
            for (double v : a) {
                ca.addNumber(v);
            }
            for (double v : b) {
                cb.addNumber(v);
            }
            assertThat(ca.isExact()).isFalse(); // more than 100,000 distinct values: a KLL sketch
            double eps = ca.rankError() + cb.rankError();
            assertThat(eps).isGreaterThan(0).isLessThan(0.01);
            WeightedSample ea = WeightedSample.of(a);
            WeightedSample eb = WeightedSample.of(b);
            double exactKs = DriftStatistics.ksStatistic(ea, eb);
            double sketchKs = DriftStatistics.ksStatistic(ca.numericSample(), cb.numericSample());
            assertThat(Math.abs(sketchKs - exactKs)).as("KS shift " + shift).isLessThanOrEqualTo(eps);
            double exactW = DriftStatistics.wasserstein(ea, eb);
            double sketchW = DriftStatistics.wasserstein(ca.numericSample(), cb.numericSample());
            double range = Math.max(ea.max(), eb.max()) - Math.min(ea.min(), eb.min());
            assertThat(Math.abs(sketchW - exactW)).as("Wasserstein shift " + shift).isLessThanOrEqualTo(eps * range);
            assertThat(ca.numericSample().count()).isEqualTo(250_000);
        }
    }

    @Test
    void dataProfilesWorkAsReferencesWithinTheirBound() throws Exception {
        Random rnd = new Random(3);
        List<String> lines = new ArrayList<>(List.of("x,c"));
        double[] x = normal(rnd, 30_000, 0);
        for (double v : x) {
            lines.add(v + "," + (v > 0.5 ? "hi" : "lo"));
        }
        Path file = dir.resolve("ref.csv");
        Files.write(file, lines);
        DatasetProfile dataProfile = DatasetProfile.compute(file, ReadOptions.defaults(), StepLog.silent());
        Path saved = dir.resolve("profile.json");
        dataProfile.save(saved);
        DriftProfile fromData = DriftProfile.load(saved);
        DriftProfile exact = DriftProfile.of(file, ReadOptions.defaults(), StepLog.silent());
        ColumnDistribution sketched = fromData.columns().get("x");
        assertThat(sketched.kind()).isEqualTo(ColumnDistribution.Kind.NUMERIC);
        double[] y = normal(rnd, 20_000, 0.1);
        WeightedSample current = WeightedSample.of(y);
        double exactKs = DriftStatistics.ksStatistic(exact.columns().get("x").numericSample(), current);
        double sketchKs = DriftStatistics.ksStatistic(sketched.numericSample(), current);
        assertThat(Math.abs(sketchKs - exactKs)).isLessThanOrEqualTo(sketched.rankError());
        assertThat(fromData.columns().get("c").categoryCounts()).isEqualTo(exact.columns().get("c").categoryCounts());
    }

    /** Several chunks, some records handed to the general reader (quotes, non-ASCII): the same profile. */
    @Test
    void sharedScanAcrossChunksWithQuotedRecordsEqualsTheGeneralReader() throws Exception {
        Random rnd = new Random(5);
        StringBuilder sb = new StringBuilder("x,city,note\n");
        for (int i = 0; i < 200_000; i++) {
            sb.append(String.format(java.util.Locale.ROOT, "%.3f", rnd.nextGaussian())).append(',')
                    .append(i % 13 == 0 ? "\"São Paulo, BR\"" : i % 2 == 0 ? "Oslo" : "NYC").append(',')
                    .append(i % 17 == 0 ? "NA" : "n" + (i % 5)).append('\n');
        }
        Path file = dir.resolve("chunks.csv");
        Files.writeString(file, sb.toString());
        DriftProfile shared = DriftProfile.ofFile(file, ReadOptions.defaults(), StepLog.silent(), null);
        DriftProfile general = DriftProfile.ofFileGeneric(file, ReadOptions.defaults(), StepLog.silent(), null);
        assertThat(shared.rows()).isEqualTo(200_000);
        assertThat(shared.columns().get("city").categoryCounts()).containsEntry("São Paulo, BR", 15385L);
        for (String c : List.of("city", "note")) {
            assertThat(io.mlsteps.util.Json.toString(shared.columns().get(c).toJson())).as(c)
                    .isEqualTo(io.mlsteps.util.Json.toString(general.columns().get(c).toJson()));
        }
        ColumnDistribution x = shared.columns().get("x");
        assertThat(x.missing()).isEqualTo(general.columns().get("x").missing()).isZero();
        assertThat(x.rows()).isEqualTo(200_000);
    }

    @Test
    void fastCsvPathEqualsTheGeneralReader() throws Exception {
        Random rnd = new Random(9);
        List<String> lines = new ArrayList<>(List.of("n,d,t,when,mixed"));
        for (int i = 0; i < 5000; i++) {
            lines.add(String.format(java.util.Locale.ROOT, "%d,%.6f,%s,2024-01-%02d %02d:00,%s", rnd.nextInt(100) - 50,
                    rnd.nextGaussian() * 1e3, rnd.nextBoolean() ? "Oslo" : "NYC", 1 + rnd.nextInt(28), rnd.nextInt(24),
                    i % 50 == 0 ? "NA" : i % 7 == 0 ? "1e-3" : i % 11 == 0 ? "Infinity" : "0.1" + i));
        }
        lines.add("");
        Path file = dir.resolve("data.csv");
        Files.write(file, lines);
        // the shared scan (byte-level fast path, parallel chunks) against the general reader in file order
        DriftProfile fast = DriftProfile.ofFile(file, ReadOptions.defaults(), StepLog.silent(), null);
        DriftProfile general = DriftProfile.ofFileGeneric(file, ReadOptions.defaults(), StepLog.silent(), null);
        assertThat(fast.rows()).isEqualTo(general.rows()).isEqualTo(5000);
        assertThat(fast.sources()).containsExactly(file.toString());
        for (String c : general.columns().keySet()) {
            ColumnDistribution f = fast.columns().get(c);
            ColumnDistribution g = general.columns().get(c);
            assertThat(io.mlsteps.util.Json.toString(f.toJson())).as(c).isEqualTo(io.mlsteps.util.Json.toString(g.toJson()));
        }
        assertThat(fast.columns().get("when").kind()).isEqualTo(ColumnDistribution.Kind.DATETIME);
        assertThat(fast.columns().get("mixed").infiniteCount()).isGreaterThan(0);
        assertThat(fast.columns().get("mixed").missing()).isEqualTo(100);
        Files.writeString(dir.resolve("quoted.csv"), "a,b\n\"x,y\",1\n");
        DriftProfile quoted = DriftProfile.of(dir.resolve("quoted.csv"), ReadOptions.defaults(), StepLog.silent());
        assertThat(quoted.columns().get("a").categoryCounts()).containsEntry("x,y", 1L);
    }

    /** Thousands of categories (the byte path's table grows) and a column past the category cap: both paths agree. */
    @Test
    void manyCategoriesAndTheCategoryCapAreTheSameOnTheFastPath() throws Exception {
        Random rnd = new Random(13);
        StringBuilder sb = new StringBuilder("code,id\n");
        for (int i = 0; i < 60_000; i++) {
            sb.append("c").append(rnd.nextInt(3_000)).append(',').append("id-").append(i).append('\n');
        }
        Path file = dir.resolve("categories.csv");
        Files.writeString(file, sb.toString());
        DriftProfile fast = DriftProfile.ofFile(file, ReadOptions.defaults(), StepLog.silent(), null);
        DriftProfile general = DriftProfile.ofFileGeneric(file, ReadOptions.defaults(), StepLog.silent(), null);
        assertThat(fast.columns().get("code").categoryCounts()).hasSize(3_000)
                .isEqualTo(general.columns().get("code").categoryCounts());
        assertThat(fast.columns().get("code").categoryCounts().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(60_000);
        for (String c : List.of("code", "id")) {
            assertThat(io.mlsteps.util.Json.toString(fast.columns().get(c).toJson())).as(c)
                    .isEqualTo(io.mlsteps.util.Json.toString(general.columns().get(c).toJson()));
        }
        assertThat(fast.columns().get("id").categoryCounts()).isEmpty(); // 60,000 distinct ids: past the cap
    }
}
