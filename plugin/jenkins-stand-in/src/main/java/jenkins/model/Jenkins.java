package jenkins.model;

import hudson.model.FingerprintMap;
import hudson.model.ItemGroup;
import hudson.model.TopLevelItem;
import hudson.security.AccessControlled;
import hudson.security.Permission;

public class Jenkins implements ItemGroup<TopLevelItem>, AccessControlled {
    public static final Permission ADMINISTER = null;

    private Jenkins() {
    }

    /** Modelled as the real one behaves where no Jenkins runs (as in the plugin check's tests). */
    public static Jenkins get() throws IllegalStateException {
        throw new IllegalStateException("Jenkins.instance is missing (the stand-in runs no Jenkins)");
    }

    public void setNumExecutors(int n) throws java.io.IOException, IllegalArgumentException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public <T extends hudson.model.Item> T getItemByFullName(String fullName, Class<T> type) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public FingerprintMap getFingerprintMap() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
