package io.mlsteps.contract.bind;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTest {
    @Test
    void durationsInTheShortAndTheIsoForm() {
        assertThat(Values.parseDuration("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(Values.parseDuration(" 1.5h ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Values.parseDuration("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(Values.parseDuration("PT6H")).isEqualTo(Duration.ofHours(6));
        assertThatThrownBy(() -> Values.parseDuration("soon")).hasMessageContaining("30d, 24h, 15m, 2w or PT24H");
        assertThat(Values.formatDuration(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(Values.formatDuration(Duration.ofMinutes(90))).isEqualTo("90m");
        Instant now = Instant.parse("2024-05-02T00:00:00Z");
        assertThat(Values.parseInstantOrAgo("24h", now)).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(Values.parseInstantOrAgo("2024-01-01T00:00:00Z", now)).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThatThrownBy(() -> Values.parseInstantOrAgo("yesterday", now)).hasMessageContaining("ISO instant");
    }

    @Test
    void pairsAreTypedAndAnEscapedCommaStaysInItsValue() {
        assertThat(Values.parsePairs("trees=100, rate=0.5, deep=true, loss=log, tags=a\\,b", true))
                .containsExactly(Map.entry("trees", 100L), Map.entry("rate", 0.5), Map.entry("deep", true),
                        Map.entry("loss", "log"), Map.entry("tags", "a,b"));
        assertThat(Values.parsePairs("trees=100", false)).containsExactly(Map.entry("trees", "100"));
        assertThatThrownBy(() -> Values.parsePairs("trees", true)).hasMessageContaining("name=value pairs");
        assertThatThrownBy(() -> Values.parsePairs("a=1, a=2", true)).hasMessageContaining("names 'a' twice");
    }

    @Test
    void listItemsInQuotesAreTakenAsIs() {
        assertThat(Values.splitList("a, b ,c")).containsExactly("a", "b", "c");
        assertThat(Values.splitList("'', NA, ' x '")).containsExactly("", "NA", " x ");
        assertThat(Values.splitList("'a,b', c")).containsExactly("a,b", "c");
    }
}
