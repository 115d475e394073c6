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

    /** The byte parser of plain decimals gives exactly Double.parseDouble's value, and NaN for anything else. */
    @Test
    void parseDecimalAgreesWithParseDouble() {
        Random random = new Random(3);
        for (int i = 0; i < 50_000; i++) {
            String text = switch (i % 4) {
                case 0 -> String.format(java.util.Locale.ROOT, "%.2f", (random.nextDouble() - 0.5) * 1e6);
                case 1 -> Double.toString(random.nextDouble());
                case 2 -> (random.nextBoolean() ? "-" : "+") + random.nextInt(1000) + "." + random.nextInt(100000);
                default -> "." + random.nextInt(1_000_000);
            };
            byte[] b = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            double parsed = TypeInference.parseDecimal(b, 0, b.length);
            if (!Double.isNaN(parsed)) {
                assertThat(parsed).as(text).isEqualTo(Double.parseDouble(text));
            } else {
                // only what the fast path leaves to the String route: exponents, more than 18 digits, or a
                // mantissa beyond 2^53 (not exact as a double)
                String digits = text.replaceAll("[^0-9]", "");
                assertThat(text.contains("E") || digits.length() > 18 || Long.parseLong(digits) > (1L << 53))
                        .as(text).isTrue();
            }
        }
        for (String other : new String[]{"1e5", "1.2.3", "", "-", ".", "12a", "1234567890123456789.5", "NaN", "0x10"}) {
            byte[] b = other.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(TypeInference.parseDecimal(b, 0, b.length)).as(other).isNaN();
        }
        byte[] b = "x-12.5y".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(TypeInference.parseDecimal(b, 1, 6)).isEqualTo(-12.5);
    }
}
