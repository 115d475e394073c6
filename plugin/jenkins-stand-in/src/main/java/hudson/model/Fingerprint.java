package hudson.model;

import jenkins.model.FingerprintFacet;

import java.io.IOException;
import java.util.Collection;

public class Fingerprint implements ModelObject {
    private Fingerprint() {
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public void addFor(Run b) throws IOException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public Collection<FingerprintFacet> getFacets() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public synchronized void save() throws IOException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
