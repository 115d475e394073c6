package io.mlsteps.step;

import io.mlsteps.run.StepCatalog;
import io.mlsteps.contract.bind.ArgSpec;
import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.steps.StepRequest;
import io.mlsteps.contract.steps.Steps;
import io.mlsteps.data.ReadOptions;
import io.mlsteps.model.UnknownLabels;
import io.mlsteps.util.InputException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every step whose request carries the contract's reading arguments reads its data with them, from one place per
 * step (its static {@code readOptions(request)}), and every step whose request has {@code unknownLabels} applies it
 * from one place ({@code unknownLabels(request)}): a request's reading arguments reach the readers' options, and a bad
 * value is an input error naming the argument.
 */
class ReadingWiringTest {
    /** The steps that read tabular data; the others (registerModel) have no reading arguments. */
    static final Set<String> READING_STEPS = Set.of("validateData", "trainModel", "evaluateModel",
            "compareToBaseline", "deployModel", "checkDrift", "predict");

    @Test
    void everyStepThatReadsDataTakesTheRequestsReadingArguments() throws Exception {
        List<String> reading = new ArrayList<>();
        for (String name : Steps.names()) {
            RecordSpec<?> spec = Steps.spec(name);
            if (spec.arg("delimiter").isEmpty()) {
                continue;
            }
            reading.add(name);
            Map<String, Object> args = required(spec);
            args.put("format", "csv");
            args.put("delimiter", ";");
            args.put("header", false);
            args.put("columnNames", List.of("age", "income"));
            args.put("missingValues", List.of("-", "n/a"));
            ReadOptions options = readOptions(name, spec, args);
            assertThat(options).as(name).isEqualTo(ReadOptions.fromArguments("csv", ";", false,
                    List.of("age", "income"), List.of("-", "n/a")));
            assertThat(options.isMissing(" n/a ")).as(name).isTrue();
            assertThat(options.isMissing("NA")).as(name + ": the given markers replace the defaults").isFalse();

            // the defaults of the contract are the readers' defaults
            assertThat(readOptions(name, spec, required(spec))).as(name).isEqualTo(ReadOptions.defaults());

            // a bad value names its argument
            Map<String, Object> bad = required(spec);
            bad.put("delimiter", "::");
            assertThatThrownBy(() -> readOptions(name, spec, bad)).as(name).isInstanceOf(InputException.class)
                    .hasMessageStartingWith("delimiter: is '::'");
        }
        assertThat(reading).containsExactlyInAnyOrderElementsOf(READING_STEPS);
    }

    @Test
    void unknownLabelsComesFromTheRequest() throws Exception {
        List<String> taking = new ArrayList<>();
        for (String name : Steps.names()) {
            RecordSpec<?> spec = Steps.spec(name);
            if (spec.arg("unknownLabels").isEmpty()) {
                continue;
            }
            taking.add(name);
            assertThat(unknownLabels(name, spec, required(spec))).as(name).isEqualTo(UnknownLabels.FAIL);
            Map<String, Object> exclude = required(spec);
            exclude.put("unknownLabels", "exclude");
            assertThat(unknownLabels(name, spec, exclude)).as(name).isEqualTo(UnknownLabels.EXCLUDE);
        }
        assertThat(taking).containsExactlyInAnyOrder("evaluateModel", "compareToBaseline");
    }

    /** Values for the step's required arguments, which are all file names or names. */
    private static Map<String, Object> required(RecordSpec<?> spec) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (ArgSpec arg : spec.args()) {
            if (arg.required()) {
                args.put(arg.name(), "x");
            }
        }
        return args;
    }

    private static ReadOptions readOptions(String name, RecordSpec<?> spec, Map<String, Object> args) throws Exception {
        return (ReadOptions) call(name, spec, "readOptions", args);
    }

    private static UnknownLabels unknownLabels(String name, RecordSpec<?> spec, Map<String, Object> args)
            throws Exception {
        return (UnknownLabels) call(name, spec, "unknownLabels", args);
    }

    @SuppressWarnings("unchecked")
    private static Object call(String name, RecordSpec<?> spec, String method, Map<String, Object> args)
            throws Exception {
        Class<? extends StepRequest> type = (Class<? extends StepRequest>) spec.type();
        StepRequest request = Requests.bind(type, args);
        MlStep<?> step = StepCatalog.find(name).orElseThrow();
        Method m = step.getClass().getMethod(method, type);
        try {
            return m.invoke(null, request);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }
}
