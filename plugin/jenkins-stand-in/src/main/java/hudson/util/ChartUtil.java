package hudson.util;

import hudson.model.Run;

public class ChartUtil {
    public static final class NumberOnlyBuildLabel implements Comparable<NumberOnlyBuildLabel> {
        public NumberOnlyBuildLabel(Run<?, ?> run) {
            throw new UnsupportedOperationException("compile-check stand-in");
        }

        public Run<?, ?> getRun() {
            throw new UnsupportedOperationException("compile-check stand-in");
        }

        @Override
        public int compareTo(NumberOnlyBuildLabel that) {
            throw new UnsupportedOperationException("compile-check stand-in");
        }
    }
}
