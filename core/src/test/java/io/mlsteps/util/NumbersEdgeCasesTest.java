package io.mlsteps.util;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers at the edges a report meets: rounding at the fourth decimal, negative zero, huge and tiny values, NaN and
 * the infinities, shares outside [0, 1]. A check's message and the report around it must show one value alike.
 */
class NumbersEdgeCasesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0.99996, 1",            // rounds up to a whole number: no '1.0000', no '1.'
            "-0.99996, -1",
            "0.00004, 0",            // rounds to zero: '0', never '0.' or '-0'
            "-0.00004, 0",
            "-0.0, 0",
            "2.50, 2.5",
            "123456.78901, 123456.789",
            "0.1, 0.1",
            "0.30000000000000004, 0.3",
            "1e15, 1000000000000000",
            "1e20, 100000000000000000000",
            "-999999999999999, -999999999999999",
            "12.00004, 12"})
    void format(double value, String shown) {
        assertThat(Numbers.format(value)).isEqualTo(shown);
    }

    @Test
    void nonFiniteValuesAreNamedAsJavaNamesThem() {
        assertThat(Numbers.format(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(Numbers.formatKeepingMagnitude(Double.NaN)).isEqualTo("NaN");
        assertThat(Numbers.formatKeepingMagnitude(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(Numbers.percent(Double.NaN)).isEqualTo("NaN%");
    }

    @Test
    void theMagnitudeIsKeptJustBelowTheFourthDecimalAndNotAtIt() {
        assertThat(Numbers.formatKeepingMagnitude(1e-4)).isEqualTo("0.0001");
        assertThat(Numbers.formatKeepingMagnitude(9.99e-5)).isEqualTo("1.0e-04");
        assertThat(Numbers.formatKeepingMagnitude(5e-5)).isEqualTo("5.0e-05");
        assertThat(Numbers.formatKeepingMagnitude(Double.MIN_VALUE)).isEqualTo("4.9e-324");
        assertThat(Numbers.formatKeepingMagnitude(-0.0)).isEqualTo("0");
        assertThat(Numbers.formatKeepingMagnitude(12345.678)).isEqualTo("12345.678");
    }

    @Test
    void sharesOutsideZeroToOneAreShownAsTheyAre() {
        assertThat(Numbers.percent(0)).isEqualTo("0%");
        assertThat(Numbers.percent(-0.5)).isEqualTo("-50%");
        assertThat(Numbers.percent(1.5)).isEqualTo("150%");
        assertThat(Numbers.percent(0.0001)).isEqualTo("0.01%");
        assertThat(Numbers.percent(0.123456)).isEqualTo("12.3456%");
        assertThat(Numbers.percent(1.0 / 3)).isEqualTo("33.3333%");
    }

    @Test
    void aGateMessageAndTheReportShowTheSameValue() {
        for (double v : new double[]{0.8123456, 1e-7, 42, -3.25, 0.5 + 1e-12}) {
            assertThat(Numbers.format(v)).isEqualTo(io.mlsteps.contract.gate.QualityGateEvaluator.format(v));
        }
    }
}
