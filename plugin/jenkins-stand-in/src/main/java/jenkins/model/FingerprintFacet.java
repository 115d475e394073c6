package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.Fingerprint;

/** Signatures of core's FingerprintFacet; the timestamp is modelled (kept and returned). */
public abstract class FingerprintFacet implements ExtensionPoint {
    private final long timestamp;

    protected FingerprintFacet(Fingerprint fingerprint, long timestamp) {
        this.timestamp = timestamp;
    }

    public long getTimestamp() {
        return timestamp;
    }
}
