package jenkins.model;

import hudson.model.FingerprintMap;

public class Jenkins {
    private Jenkins() {
    }

    /** Modelled as the real one behaves where no Jenkins runs (as in the plugin check's tests). */
    public static Jenkins get() throws IllegalStateException {
        throw new IllegalStateException("Jenkins.instance is missing (the stand-in runs no Jenkins)");
    }

    public FingerprintMap getFingerprintMap() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
