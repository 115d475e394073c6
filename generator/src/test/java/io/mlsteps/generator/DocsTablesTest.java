package io.mlsteps.generator;

import io.mlsteps.contract.bind.ArgSpec;
import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.steps.Steps;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The argument tables of docs/steps/*.md are the generator's output: one row per argument of the contract. Out of
 * date: run {@code ./mvnw -q -pl generator -am test -Dmlsteps.docs.write=true} (or the generator's {@code docs} mode).
 */
class DocsTablesTest {
    private static final Path DOCS = Path.of(System.getProperty("mlsteps.docs.dir", "../docs/steps"));

    @Test
    void everyStepPageHasTheGeneratedTable() throws Exception {
        if (Boolean.getBoolean("mlsteps.docs.write")) {
            DocsTables.write(DOCS);
        }
        for (RecordSpec<?> spec : Steps.all()) {
            Path file = DocsTables.page(DOCS, spec.step().orElseThrow());
            String page = Files.readString(file);
            assertThat(DocsTables.update(page, spec, file)).as(file + " is out of date: run the generator's docs mode")
                    .isEqualTo(page);
            for (ArgSpec arg : spec.args()) {
                assertThat(page).as(file + " row of " + arg.name()).containsOnlyOnce("\n| `" + arg.name() + "` |");
            }
        }
    }
}
