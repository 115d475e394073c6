package io.mlsteps.model;

import io.mlsteps.model.FeatureEncoding.Column;
import io.mlsteps.model.FeatureEncoding.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a raw row becomes features: numbers parsed (non-finite ones are missing, text is an error naming the column),
 * a category becomes a one-hot {@code column=value} feature, and a missing value gives no feature at all.
 */
class FeatureEncodingTest {
    private static final FeatureEncoding ENCODING = new FeatureEncoding(List.of(new Column("age", Kind.NUMERIC),
            new Column("island", Kind.CATEGORICAL), new Column("mass", Kind.NUMERIC)));

    private static FeatureEncoding.Encoded encode(Map<String, String> row, List<String> nonFinite) {
        return ENCODING.encode(row::get, nonFinite::add);
    }

    @Test
    void numbersAreParsedAndACategoryIsOneHot() {
        FeatureEncoding.Encoded e = encode(Map.of("age", " 39 ", "island", " Biscoe ", "mass", "-1.5e3"), new ArrayList<>());
        assertThat(e.names()).containsExactly("age", "island=Biscoe", "mass");
        assertThat(e.values()).containsExactly(39.0, 1.0, -1500.0);
        assertThat(e.size()).isEqualTo(3);
    }

    @Test
    void aMissingValueGivesNoFeature() {
        Map<String, String> row = new HashMap<>();
        row.put("age", null);
        row.put("island", "Dream");
        FeatureEncoding.Encoded e = encode(row, new ArrayList<>());
        assertThat(e.names()).containsExactly("island=Dream");
        assertThat(encode(Map.of(), new ArrayList<>()).size()).isZero();
    }

    @Test
    void nonFiniteNumbersAreMissingAndReported() {
        for (String value : List.of("NaN", "nan", "inf", "-Infinity", "+inf", "1e999", "-1e400")) {
            List<String> nonFinite = new ArrayList<>();
            FeatureEncoding.Encoded e = encode(Map.of("age", value, "mass", "2"), nonFinite);
            assertThat(e.names()).as(value).containsExactly("mass");
            assertThat(nonFinite).as(value).containsExactly("age");
            assertThat(FeatureEncoding.parseNumber("age", value)).as(value).isNaN();
        }
    }

    @Test
    void textInANumericColumnIsAnErrorNamingColumnAndValue() {
        assertThatThrownBy(() -> encode(Map.of("age", "thirty"), new ArrayList<>()))
                .isInstanceOf(FeatureEncoding.BadValue.class)
                .hasMessage("column 'age' is numeric in the model but holds 'thirty'; expected a number")
                .satisfies(e -> {
                    assertThat(((FeatureEncoding.BadValue) e).column()).isEqualTo("age");
                    assertThat(((FeatureEncoding.BadValue) e).value()).isEqualTo("thirty");
                });
        assertThatThrownBy(() -> FeatureEncoding.parseNumber("mass", "1,5")).isInstanceOf(FeatureEncoding.BadValue.class);
        assertThatThrownBy(() -> FeatureEncoding.parseNumber("mass", "")).isInstanceOf(FeatureEncoding.BadValue.class);
    }

    @Test
    void numbersInTheirUsualSpellings() {
        assertThat(FeatureEncoding.parseNumber("x", "1e-3")).isEqualTo(0.001);
        assertThat(FeatureEncoding.parseNumber("x", "-0")).isEqualTo(-0.0);
        assertThat(FeatureEncoding.parseNumber("x", ".5")).isEqualTo(0.5);
        assertThat(FeatureEncoding.parseNumber("x", "\t7\n")).isEqualTo(7.0);
        assertThat(FeatureEncoding.parseNumber("x", String.valueOf(Double.MAX_VALUE))).isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void aCategoryThatLooksLikeANumberStaysACategory() {
        FeatureEncoding codes = new FeatureEncoding(List.of(new Column("zip", Kind.CATEGORICAL)));
        FeatureEncoding.Encoded e = codes.encode(Map.of("zip", "01234")::get);
        assertThat(e.names()).containsExactly("zip=01234");
        assertThat(FeatureEncoding.categoryFeature("a=b", "c")).isEqualTo("a=b=c");
    }

    @Test
    void theColumnListRoundTripsThroughTheModelsProvenanceJson() {
        FeatureEncoding back = FeatureEncoding.fromJson(ENCODING.toJson());
        assertThat(back.columns()).isEqualTo(ENCODING.columns());
        assertThat(back.columnNames()).containsExactly("age", "island", "mass");
        assertThat(back.column("island").kind()).isEqualTo(Kind.CATEGORICAL);
        assertThat(back.column("nope")).isNull();
        assertThatThrownBy(() -> FeatureEncoding.fromJson("{not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad column list in model provenance: ");
    }

    @Test
    void columnsAreRebuiltFromFeatureNamesOfAModelTrainedElsewhere() {
        FeatureEncoding e = FeatureEncoding.fromFeatureNames(List.of("island=Biscoe", "age", "island=Dream",
                "sex=male", "mass"));
        assertThat(e.column("island").kind()).isEqualTo(Kind.CATEGORICAL);
        assertThat(e.column("sex").kind()).isEqualTo(Kind.CATEGORICAL);
        assertThat(e.column("age").kind()).isEqualTo(Kind.NUMERIC);
        assertThat(e.column("mass").kind()).isEqualTo(Kind.NUMERIC);
        assertThat(e.columns()).hasSize(4);
        assertThat(e.encode(Map.of("island", "Dream", "age", "3")::get).names())
                .containsExactlyInAnyOrder("island=Dream", "age");
    }
}
