package io.mlsteps.report;

import io.mlsteps.contract.result.Check;
import io.mlsteps.contract.result.CheckOutcome;
import io.mlsteps.contract.result.StepResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a step's checks as JUnit XML, one test case per check, so any CI (Jenkins' junit step, GitHub,
 * GitLab) lists them. A failed check is a failure, an inconclusive one is skipped with its reason.
 */
public final class JunitReport {
    private JunitReport() {
    }

    public static void write(StepResult result, Path file) {
        long failures = result.getChecks().stream().filter(c -> c.outcome() == CheckOutcome.FAILED).count();
        long skipped = result.getChecks().stream().filter(c -> c.outcome() == CheckOutcome.INCONCLUSIVE).count();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        String suite = "mlsteps." + result.getStep();
        xml.append(String.format(Locale.ROOT,
                "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">\n",
                Html.escape(suite), result.getChecks().size(), failures, skipped, result.getDurationMillis() / 1000.0));
        for (Check check : result.getChecks()) {
            xml.append("  <testcase classname=\"").append(Html.escape(suite)).append("\" name=\"")
                    .append(Html.escape(check.name())).append("\" time=\"0\">");
            String text = check.message() + (check.observed() == null ? "" : " (observed " + check.observed()
                    + (check.expected() == null ? "" : ", expected " + check.expected()) + ")");
            if (check.outcome() == CheckOutcome.FAILED) {
                xml.append("\n    <failure type=\"").append(check.criticality()).append("\" message=\"")
                        .append(Html.escape(check.message())).append("\">").append(Html.escape(text))
                        .append("</failure>\n  ");
            } else if (check.outcome() == CheckOutcome.INCONCLUSIVE) {
                xml.append("\n    <skipped message=\"").append(Html.escape("INCONCLUSIVE: " + check.message()))
                        .append("\"/>\n  ");
            }
            xml.append("</testcase>\n");
        }
        xml.append("</testsuite>\n");
        try {
            Files.writeString(file, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
