package hudson.model;

public abstract class AbstractItem extends Actionable {
    protected AbstractItem(ItemGroup parent, String name) {
    }

    public String getFullName() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public String getUrl() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
