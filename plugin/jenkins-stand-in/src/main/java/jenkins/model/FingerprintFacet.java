package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.Action;
import hudson.model.Fingerprint;

import java.util.List;

public abstract class FingerprintFacet implements ExtensionPoint {
    protected FingerprintFacet(Fingerprint fingerprint, long timestamp) {
    }
}
