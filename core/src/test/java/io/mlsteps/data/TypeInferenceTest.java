package io.mlsteps.data;

import io.mlsteps.data.TypeInference.ValueKind;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TypeInferenceTest {
    @Test
    void kindsOfValues() {
        assertThat(TypeInference.kindOf("42")).isEqualTo(ValueKind.INTEGER);
        assertThat(TypeInference.kindOf(" -7 ")).isEqualTo(ValueKind.INTEGER);
        assertThat(TypeInference.kindOf("1234567890123456789")).isEqualTo(ValueKind.DOUBLE); // 19 digits: beyond long-safe
        assertThat(TypeInference.kindOf("3.5e-2")).isEqualTo(ValueKind.DOUBLE);
        assertThat(TypeInference.kindOf(".5")).isEqualTo(ValueKind.DOUBLE);
        assertThat(TypeInference.kindOf("NaN")).isEqualTo(ValueKind.DOUBLE);
        assertThat(TypeInference.kindOf("-Infinity")).isEqualTo(ValueKind.DOUBLE);
        assertThat(TypeInference.kindOf("1d")).isEqualTo(ValueKind.TEXT);
        assertThat(TypeInference.kindOf("0x1p3")).isEqualTo(ValueKind.TEXT);
        assertThat(TypeInference.kindOf("TRUE")).isEqualTo(ValueKind.BOOLEAN);
        assertThat(TypeInference.kindOf("2001-02-28")).isEqualTo(ValueKind.TIMESTAMP);
        assertThat(TypeInference.kindOf("2001-02-29")).isEqualTo(ValueKind.TEXT);
        assertThat(TypeInference.kindOf("2001-01-01 00:05")).isEqualTo(ValueKind.TIMESTAMP);
        assertThat(TypeInference.kindOf("2001-01-01T00:05:07.123+02:00")).isEqualTo(ValueKind.TIMESTAMP);
        assertThat(TypeInference.kindOf("2001-13-01")).isEqualTo(ValueKind.TEXT);
        assertThat(TypeInference.kindOf("Private")).isEqualTo(ValueKind.TEXT);
    }

    @Test
    void columnTypeDecisionIsStrict() {
        assertThat(TypeInference.decide(10, 0, 0, 0, 0)).isEqualTo(ColumnType.INTEGER);
        assertThat(TypeInference.decide(10, 1, 0, 0, 0)).isEqualTo(ColumnType.DOUBLE);
        assertThat(TypeInference.decide(10, 1, 0, 0, 1)).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(TypeInference.decide(0, 0, 5, 0, 0)).isEqualTo(ColumnType.BOOLEAN);
        assertThat(TypeInference.decide(0, 0, 0, 5, 0)).isEqualTo(ColumnType.TIMESTAMP);
        assertThat(TypeInference.decide(0, 0, 0, 0, 0)).isEqualTo(ColumnType.CATEGORICAL);
    }

    @Test
    void timestampSecondsAgreeWithJavaTime() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime t = LocalDateTime.of(1600 + random.nextInt(800), 1 + random.nextInt(12), 1, 0, 0)
                    .plusDays(random.nextInt(31)).plusSeconds(random.nextInt(86_400));
            String text = t.toLocalDate() + " " + t.toLocalTime().withNano(0);
            if (t.getSecond() == 0) {
                text = text + ":00";
            }
            assertThat(TypeInference.timestampSeconds(text)).as(text).isEqualTo(t.toEpochSecond(ZoneOffset.UTC));
        }
        assertThat(TypeInference.timestampSeconds("2001-01-01T10:00:00-05:30"))
                .isEqualTo(OffsetDateTime.parse("2001-01-01T10:00:00-05:30").toEpochSecond());
    }
}
