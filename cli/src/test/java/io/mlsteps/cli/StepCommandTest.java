package io.mlsteps.cli;

import io.mlsteps.contract.bind.ArgKind;
import io.mlsteps.contract.bind.ArgSpec;
import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.steps.Steps;
import io.mlsteps.contract.steps.TrainModelRequest;
import io.mlsteps.contract.steps.ValidateDataRequest;
import io.mlsteps.step.Requests;
import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The step commands are built from the contract: one option per argument, parsed by the contract's binder. */
class StepCommandTest {
    @TempDir
    Path dir;

    @Test
    void everyArgumentIsExactlyOneOption() {
        for (RecordSpec<?> spec : Steps.all()) {
            String step = spec.step().orElseThrow().name();
            CommandLine command = StepCommand.commandLine(step);
            assertThat(command.getCommandName()).isEqualTo(spec.step().orElseThrow().command());
            for (ArgSpec arg : spec.args()) {
                String name = arg.kind() == ArgKind.RECORDS ? "--gate" : arg.cliNames().get(0);
                OptionSpec option = command.getCommandSpec().findOption(name);
                assertThat(option).as(step + "." + arg.name() + " as " + name).isNotNull();
                if (arg.kind() == ArgKind.BOOLEAN) {
                    assertThat(option.negatable()).as(name + " negatable").isTrue();
                }
            }
            List<String> contractOptions = command.getCommandSpec().options().stream().map(OptionSpec::longestName)
                    .filter(n -> spec.args().stream().anyMatch(a -> a.kind() != ArgKind.RECORDS && a.cliNames().contains(n)))
                    .toList();
            assertThat(contractOptions).as(step).doesNotHaveDuplicates()
                    .hasSize((int) spec.args().stream().filter(a -> a.kind() != ArgKind.RECORDS).count());
        }
    }

    @Test
    void flagsAreTheSameArgumentsAsAJenkinsfilesMap() {
        Map<String, Object> flags = StepCommand.parse("trainModel", "--data", "train.csv", "--label-column", "y",
                "--param", "trees=200", "--param", "max_depth=8", "--categorical-features", "season,weekday",
                "--no-header", "--column-names", "a,b,y", "--seed", "7", "--gate", "accuracy>=0.8:FAILURE");
        String fromCli = Steps.requestJson("trainModel", flags);
        String fromJenkinsfile = Steps.requestJson("trainModel", Map.of("data", "train.csv", "labelColumn", "y",
                "params", new java.util.TreeMap<>(Map.of("trees", 200, "max_depth", 8)).descendingMap(),
                "categoricalFeatures", List.of("season", "weekday"),
                "header", false, "columnNames", List.of("a", "b", "y"), "seed", 7,
                "qualityGates", List.of(Map.of("metric", "accuracy", "threshold", 0.8, "criticality", "FAILURE",
                        "direction", "HIGHER_IS_BETTER"))));
        assertThat(fromCli).isEqualTo(fromJenkinsfile);
        TrainModelRequest r = Requests.bind(TrainModelRequest.class, flags);
        assertThat(r.reading().header()).isFalse();
        assertThat(r.params()).containsEntry("trees", 200L);
    }

    @Test
    void repeatedCandidateFlagsAreTheCandidatesList() {
        TrainModelRequest r = Requests.bind(TrainModelRequest.class, StepCommand.parse("trainModel", "--data", "t.csv",
                "--label-column", "y", "--candidate", "algorithm=logistic_regression, c=0.01,0.1,1",
                "--candidate", "algorithm=cart, max_depth=range(2, 10, 2)", "--cv", "5", "--time-budget", "10m"));
        assertThat(r.candidates()).hasSize(2);
        assertThat(r.candidates().get(0).algorithm()).isEqualTo("logistic_regression");
        assertThat(r.candidates().get(0).params()).containsEntry("c", List.of(0.01, 0.1, 1L));
        assertThat(r.candidates().get(1).params()).containsEntry("max_depth", "range(2, 10, 2)");
        assertThat(r.cv()).isEqualTo(5);
        assertThat(r.timeBudget()).isEqualTo(java.time.Duration.ofMinutes(10));
    }

    @Test
    void theEmptyMissingValuesFlagMeansOnlyTheEmptyCell() {
        ValidateDataRequest r = Requests.bind(ValidateDataRequest.class, StepCommand.parse("validateData",
                "data.csv", "--schema", "s.json", "--missing-values="));
        assertThat(r.data()).isEqualTo("data.csv");
        assertThat(r.reading().missingValues()).containsExactly("");
        assertThat(Requests.bind(ValidateDataRequest.class, StepCommand.parse("validateData", "--data", "d.csv",
                "--schema", "s.json", "--criticality", "UNEXPECTED_COLUMN=NOTE,DUPLICATE_ROWS=OFF", "--no-profile"))
                .anomalyCriticality()).containsEntry("DUPLICATE_ROWS", "OFF");
    }

    @Test
    void theRequestFileComesFirstAndFlagsGoOverIt() throws Exception {
        Path request = Files.writeString(dir.resolve("request.json"), """
                {"data": "train.csv", "labelColumn": "y", "seed": 1, "params": {"trees": 10, "loss": "log"},
                 "qualityGates": [{"metric": "accuracy", "threshold": 0.5}]}""");
        Path run = dir.resolve("run");
        int exit = Main.execute("train", "--request", request.toString(), "--seed", "9", "--param", "trees=20",
                "--gate", "f1_macro>=0.1", "--work-dir", dir.toString(), "--run-dir", run.toString(), "--quiet");
        assertThat(exit).as("train.csv is missing: an input error").isEqualTo(3);
        String written = Files.readString(run.resolve("trainModel/request.json"));
        assertThat(written).contains("\"seed\": 9", "\"trees\": 20", "\"loss\": \"log\"", "\"metric\": \"accuracy\"",
                "\"metric\": \"f1_macro\"");
    }

    @Test
    void aBadValueIsAnInputErrorNamingTheArgument() {
        assertThatThrownBy(() -> Requests.bind(TrainModelRequest.class, StepCommand.parse("trainModel",
                "--data", "d", "--label-column", "y", "--seed", "soon")))
                .isInstanceOf(InputException.class).hasMessage("seed: is 'soon' (String); expected a whole number");
        assertThatThrownBy(() -> Requests.bind(TrainModelRequest.class, StepCommand.parse("trainModel",
                "--data", "d", "--label-column", "y", "--task", "ranking")))
                .isInstanceOf(InputException.class).hasMessageContaining("expected one of auto, classification, regression");
    }
}
