package hudson.model;

import java.io.IOException;

public final class FingerprintMap {
    private FingerprintMap() {
    }

    public Fingerprint getOrCreate(Run build, String fileName, String md5sum) throws IOException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
