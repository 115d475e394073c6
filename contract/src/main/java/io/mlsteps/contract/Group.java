package io.mlsteps.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request component whose type is a record of shared arguments (the reading options, the registry, the
 * quality gates): its arguments are flattened into the step's own, so {@code format} is a top-level argument of
 * every step that reads data while being declared once.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Group {
}
