package hudson.security;

public interface AccessControlled {
    default void checkPermission(Permission permission) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    default boolean hasPermission(Permission permission) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
