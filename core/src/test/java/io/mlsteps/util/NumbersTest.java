package io.mlsteps.util;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Numbers as sentences and reports show them. */
class NumbersTest {

    @Test
    void wholeNumbersHaveNoPointAndFractionsAtMostFourDecimalsWithoutTrailingZeros() {
        assertThat(Numbers.format(3)).isEqualTo("3");
        assertThat(Numbers.format(-12_000_000)).isEqualTo("-12000000");
        assertThat(Numbers.format(0.5)).isEqualTo("0.5");
        assertThat(Numbers.format(0.123456)).isEqualTo("0.1235");
        assertThat(Numbers.format(2.10)).isEqualTo("2.1");
        assertThat(Numbers.format(-0.00001)).isEqualTo("0");
        assertThat(Numbers.format(Double.NaN)).isEqualTo("NaN");
        assertThat(Numbers.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void aTinyValueKeepsItsMagnitudeWhereZeroWouldMislead() {
        assertThat(Numbers.formatKeepingMagnitude(1.234e-11)).isEqualTo("1.2e-11");
        assertThat(Numbers.formatKeepingMagnitude(-3e-6)).isEqualTo("-3.0e-06");
        assertThat(Numbers.formatKeepingMagnitude(0)).isEqualTo("0");
        assertThat(Numbers.formatKeepingMagnitude(0.25)).isEqualTo("0.25");
    }

    @Test
    void aShareIsShownAsAPercentage() {
        assertThat(Numbers.percent(0.125)).isEqualTo("12.5%");
        assertThat(Numbers.percent(0.95)).isEqualTo("95%");
        assertThat(Numbers.percent(1)).isEqualTo("100%");
    }
}
