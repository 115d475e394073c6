package io.mlsteps.util;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderedMapsTest {
    @Test
    void keysComeOutInTheOrderTheyWereGiven() {
        Map<String, Object> window = OrderedMaps.of("from", "a", "to", "b", "predictions", 3, "outsideWindow", 0,
                "notLogged", 1, "seenRatio", 0.5);
        assertThat(window.keySet()).containsExactly("from", "to", "predictions", "outsideWindow", "notLogged",
                "seenRatio");
        assertThat(Json.mapper().valueToTree(window).toString())
                .isEqualTo("{\"from\":\"a\",\"to\":\"b\",\"predictions\":3,\"outsideWindow\":0,\"notLogged\":1,\"seenRatio\":0.5}");
        assertThat(OrderedMaps.of("z", 1.0, "a", 2.0).keySet()).containsExactly("z", "a");
    }

    @Test
    void aRepeatedKeyOrAMissingValueIsAMistakeAndTheMapIsFixed() {
        assertThatThrownBy(() -> OrderedMaps.of("a", 1, "a", 2)).hasMessageContaining("'a' twice");
        assertThatThrownBy(() -> OrderedMaps.of("a", 1, "b", null)).hasMessageContaining("'b'");
        assertThatThrownBy(() -> OrderedMaps.of("a", 1, "b", 2).put("c", 3))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
