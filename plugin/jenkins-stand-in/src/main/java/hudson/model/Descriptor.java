package hudson.model;

public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor(Class<? extends T> clazz) {
    }

    protected Descriptor() {
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public synchronized void save() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public synchronized void load() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public T newInstance(org.kohsuke.stapler.StaplerRequest2 req, net.sf.json.JSONObject formData) throws FormException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public static final class FormException extends Exception {
        public FormException(String message, String formField) {
            super(message);
        }

        public FormException(String message, Throwable cause, String formField) {
            super(message, cause);
        }
    }
}
