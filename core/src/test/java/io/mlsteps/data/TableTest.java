package io.mlsteps.data;

import io.mlsteps.util.InputException;
import io.mlsteps.util.StepLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A data file held in memory: rows with their first lines, missing cells as null, located errors. */
class TableTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void rowsKeepTheLineTheyStartOnAcrossQuotedLineBreaks() throws Exception {
        Path file = write("t.csv", "id,note\n1,plain\n2,\"two\nlines\"\n3,NA\n");
        Table t = Table.read(file, ReadOptions.defaults(), StepLog.silent());
        assertThat(t.columns()).containsExactly("id", "note");
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.line(0)).isEqualTo(2);
        assertThat(t.line(1)).isEqualTo(3);
        assertThat(t.line(2)).as("after a record of two lines").isEqualTo(5);
        assertThat(t.cell(1, 1)).isEqualTo("two\nlines");
        assertThat(t.cell(2, 1)).as("a missing-value marker").isNull();
        assertThat(t.row(0)).containsExactly("1", "plain");
        assertThat(t.source()).isEqualTo(file.toString());
    }

    @Test
    void cellsAreLocatedAsFileLineColumn() throws Exception {
        Path file = write("t.csv", "a,b\n1,2\n3,4\n");
        Table t = Table.read(file, ReadOptions.defaults(), StepLog.silent());
        assertThat(t.location(1, 1)).isEqualTo(file + ":3:2");
        InputException e = t.error(0, 0, "is not a number");
        assertThat(e.getMessage()).isEqualTo(file + ":2:1: is not a number");
    }

    @Test
    void anUnknownColumnNamesTheArgumentAndTheColumns() throws Exception {
        Table t = Table.read(write("t.csv", "a,b\n1,2\n"), ReadOptions.defaults(), StepLog.silent());
        assertThat(t.hasColumn("a")).isTrue();
        assertThat(t.hasColumn("A")).as("names are case-sensitive").isFalse();
        assertThat(t.column("b", "labelColumn")).isEqualTo(1);
        assertThatThrownBy(() -> t.column("label", "labelColumn")).isInstanceOf(InputException.class)
                .hasMessage("labelColumn: column 'label' is not in " + dir.resolve("t.csv") + "; its columns are [a, b]");
    }

    @Test
    void aHeaderWithoutRowsIsAnErrorAtLineTwo() throws Exception {
        Path file = write("t.csv", "a,b\n");
        assertThatThrownBy(() -> Table.read(file, ReadOptions.defaults(), StepLog.silent()))
                .isInstanceOf(InputException.class)
                .hasMessage(file + ":2:1: has a header but no data rows; expected at least one record");
    }

    @Test
    void manyRowsGrowTheLineIndexInOrder() throws Exception {
        List<String> lines = new ArrayList<>(List.of("n"));
        for (int i = 0; i < 5000; i++) {
            lines.add(String.valueOf(i));
        }
        Table t = Table.read(Files.write(dir.resolve("n.csv"), lines), ReadOptions.defaults(), StepLog.silent());
        assertThat(t.size()).isEqualTo(5000);
        for (int i = 0; i < 5000; i += 997) {
            assertThat(t.line(i)).isEqualTo(i + 2);
            assertThat(t.cell(i, 0)).isEqualTo(String.valueOf(i));
        }
    }

    @Test
    void aHeaderlessFileTakesTheGivenNames() throws Exception {
        Path file = write("t.data", "1,x\n2,y\n");
        Table t = Table.read(file, ReadOptions.defaults().withFormat("csv").withHeader(false)
                .withColumnNames(List.of("n", "s")), StepLog.silent());
        assertThat(t.columns()).containsExactly("n", "s");
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.line(0)).isEqualTo(1);
    }
}
