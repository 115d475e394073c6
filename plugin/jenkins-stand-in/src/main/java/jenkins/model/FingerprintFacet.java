package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.Action;
import hudson.model.Fingerprint;

import java.util.List;

public abstract class FingerprintFacet implements ExtensionPoint {
    protected FingerprintFacet(Fingerprint fingerprint, long timestamp) {
    }

    public Fingerprint getFingerprint() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public void createActions(List<Action> result) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public long getTimestamp() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
