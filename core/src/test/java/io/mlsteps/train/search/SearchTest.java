package io.mlsteps.train.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlsteps.contract.result.StepResult;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.step.StepContext;
import io.mlsteps.testing.Req;
import io.mlsteps.testing.SharedData;
import io.mlsteps.train.TrainModelStep;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** trainModel's search on penguins: outputs, determinism, folds, gates metrics and bad input. */
class SearchTest {
    @TempDir
    Path dir;

    private StepResult train(String name, Consumer<Req<TrainModelRequest>> setup) throws Exception {
        Req<TrainModelRequest> r = Req.of(TrainModelRequest.class);
        r.set("data", SharedData.require("small/penguins.csv").toString());
        r.set("labelColumn", "species");
        setup.accept(r);
        StepContext ctx = new StepContext(dir, dir.resolve(name), new StepLog(System.out, name, false), Map.of());
        return new TrainModelStep().execute(r.build(), ctx);
    }

    private static final List<Map<String, Object>> CANDIDATES = List.of(
            Map.of("algorithm", "logistic_regression", "params", Map.of("c", List.of(0.001, 1.0))),
            Map.of("algorithm", "cart", "params", Map.of("max_depth", List.of(1, 4))));

    @Test
    void searchesTrainsTheWinnerAndWritesTheLeaderboard() throws Exception {
        StepResult a = train("a", r -> {
            r.set("candidates", CANDIDATES);
            r.set("cv", 3);
            r.set("metric", "accuracy");
        });
        JsonNode board = Json.mapper().readTree(dir.resolve("a/leaderboard.json").toFile());
        JsonNode first = board.get("candidates").get(0);
        assertThat(board.get("candidates")).hasSize(4);
        assertThat(first.get("foldScores")).hasSize(3);
        for (int i = 1; i < 4; i++) {
            assertThat(board.get("candidates").get(i).get("mean").asDouble())
                    .isLessThanOrEqualTo(board.get("candidates").get(i - 1).get("mean").asDouble());
        }
        // a depth-1 tree cannot tell three species apart: it ranks last
        assertThat(board.get("candidates").get(3).get("params").get("max_depth").asInt()).isEqualTo(1);
        JsonNode card = Json.mapper().readTree(dir.resolve("a/model-card.json").toFile());
        assertThat(card.get("algorithm").asText()).isEqualTo(first.get("algorithm").asText());
        assertThat(card.get("search").get("winner").get("params")).isEqualTo(first.get("params"));
        assertThat(card.get("search").get("runnerUp")).isNotNull();
        assertThat(a.getMetrics().get("accuracy[search_best]")).isEqualTo(first.get("mean").asDouble());
        assertThat(a.getMetrics()).containsKeys("search_margin[accuracy]", "search_spread[accuracy]",
                "accuracy[search_runner_up]");
        assertThat(a.getMetrics().get("search_candidates")).isEqualTo(4.0);
        assertThat(a.getTables()).anyMatch(t -> t.id().equals("leaderboard") && t.rows().size() == 4);
        assertThat(a.getCharts()).anyMatch(c -> c.id().equals("leaderboard"));
        assertThat(Files.readAllLines(dir.resolve("a/leaderboard.csv")).get(0))
                .isEqualTo("rank,candidate,algorithm,params,fold0,fold1,fold2,mean,spread,fit_seconds,status");

        // folds.csv: every data row, the training rows in 3 stratified folds, the validation rows -1
        List<String> folds = Files.readAllLines(dir.resolve("a/folds.csv"));
        assertThat(folds).hasSize(345);
        Map<String, Integer> perFold = new HashMap<>();
        folds.stream().skip(1).forEach(l -> perFold.merge(l.split(",")[2], 1, Integer::sum));
        assertThat(perFold.get("-1")).isEqualTo(69); // validationSplit 0.2 of 344 rows
        assertThat(perFold.keySet()).containsExactlyInAnyOrder("-1", "0", "1", "2");
        assertThat(perFold.get("0") - perFold.get("2")).isBetween(-1, 1);

        // the same seed: the same winner, scores and model bytes (while another search ran in parallel threads)
        train("b", r -> {
            r.set("candidates", CANDIDATES);
            r.set("cv", 3);
            r.set("metric", "accuracy");
            r.set("searchThreads", 1);
        });
        assertThat(Files.readAllBytes(dir.resolve("b/model.tribuo"))).isEqualTo(Files.readAllBytes(dir.resolve("a/model.tribuo")));
        assertThat(Files.readString(dir.resolve("b/folds.csv"))).isEqualTo(Files.readString(dir.resolve("a/folds.csv")));
        JsonNode boardB = Json.mapper().readTree(dir.resolve("b/leaderboard.json").toFile());
        for (int i = 0; i < 4; i++) {
            assertThat(boardB.get("candidates").get(i).get("foldScores"))
                    .isEqualTo(board.get("candidates").get(i).get("foldScores"));
        }
    }

    @Test
    void groupedFoldsKeepAGroupInOneFoldAndRandomSearchSamplesRanges() throws Exception {
        StepResult r = train("g", q -> {
            q.set("candidates", List.of(Map.of("algorithm", "logistic_regression",
                    "params", Map.of("c", "loguniform(0.001, 100)"))));
            q.set("search", "random");
            q.set("maxCandidates", 3);
            q.set("cv", 3);
            q.set("groupColumn", "island");
            q.set("metric", "accuracy"); // Torgersen holds Adelie only: AUCs are undefined on its fold
            q.set("validationSplit", 0.0);
        });
        assertThat(r.getMetrics().get("search_candidates")).isEqualTo(3.0);
        List<String> data = Files.readAllLines(SharedData.require("small/penguins.csv"));
        List<String> folds = Files.readAllLines(dir.resolve("g/folds.csv"));
        Map<String, Set<String>> foldsOfIsland = new HashMap<>();
        for (int i = 1; i < folds.size(); i++) {
            foldsOfIsland.computeIfAbsent(data.get(i).split(",")[1], k -> new HashSet<>()).add(folds.get(i).split(",")[2]);
        }
        assertThat(foldsOfIsland).hasSize(3).allSatisfy((island, f) -> assertThat(f).hasSize(1));
        JsonNode board = Json.mapper().readTree(dir.resolve("g/leaderboard.json").toFile());
        board.get("candidates").forEach(c -> assertThat(c.get("params").get("c").asDouble()).isBetween(0.001, 100.0));
    }

    @Test
    void rankingOnTheValidationSplitWhenCvIsZero() throws Exception {
        StepResult r = train("v", q -> q.set("params", Map.of("max_depth", List.of(1, 3)))
                .set("algorithm", "cart"));
        assertThat(r.getMetrics()).containsKey("roc_auc[search_best]");
        assertThat(Files.readAllLines(dir.resolve("v/leaderboard.csv")).get(0)).contains("fold0,mean");
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> train("x1", q -> q.set("candidates", List.of(Map.of("algorithm", "cart"),
                Map.of("algorithm", "boosted_magic")))))
                .isInstanceOf(InputException.class).hasMessageContaining("candidates[1].algorithm")
                .hasMessageContaining("boosted_magic").hasMessageContaining("logistic_regression, linear_sgd, cart");
        assertThatThrownBy(() -> train("x2", q -> q.set("candidates", List.of(Map.of("algorithm", "cart",
                "params", Map.of("max_depth", List.of()))))))
                .isInstanceOf(InputException.class).hasMessageContaining("candidates[0].params.max_depth")
                .hasMessageContaining("empty list");
        assertThatThrownBy(() -> train("x3", q -> q.set("candidates", List.of(Map.of("algorithm", "cart",
                "params", Map.of("depth", 3))))))
                .isInstanceOf(InputException.class).hasMessageContaining("candidates[0].params.depth")
                .hasMessageContaining("max_depth");
        assertThatThrownBy(() -> train("x4", q -> q.set("candidates", CANDIDATES).set("cv", 2)
                .set("timeBudget", Duration.ofNanos(1))))
                .isInstanceOf(InputException.class).hasMessageContaining("timeBudget")
                .hasMessageContaining("no candidate finished");
        // penguins: Chinstrap has 68 rows, 55 of them in the training rows
        assertThatThrownBy(() -> train("x5", q -> q.set("candidates", CANDIDATES).set("cv", 60)))
                .isInstanceOf(InputException.class).hasMessageContaining("cv").hasMessageContaining("Chinstrap");
        assertThatThrownBy(() -> train("x6", q -> q.set("candidates", CANDIDATES).set("cv", 3)
                .set("groupColumn", "colony")))
                .isInstanceOf(InputException.class).hasMessageContaining("groupColumn").hasMessageContaining("colony");
        assertThatThrownBy(() -> train("x7", q -> q.set("candidates", List.of(Map.of("algorithm", "logistic_regression",
                "params", Map.of("c", "loguniform(0.01, 1)"))))))
                .isInstanceOf(InputException.class).hasMessageContaining("search: 'random'");
        assertThatThrownBy(() -> train("x8", q -> q.set("candidates", CANDIDATES).set("metric", "auc_roc")))
                .isInstanceOf(InputException.class).hasMessageContaining("metric").hasMessageContaining("roc_auc");
    }
}
