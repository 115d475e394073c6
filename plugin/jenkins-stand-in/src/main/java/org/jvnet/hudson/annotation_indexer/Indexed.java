package org.jvnet.hudson.annotation_indexer;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * annotation-indexer's meta-annotation, which makes {@code @Symbol} an indexed annotation. Only its signature:
 * annotation-indexer is not on Maven Central, so its processor does not run here (SezPoz, which indexes
 * {@code @Extension}, does).
 */
@Documented
@Retention(RUNTIME)
@Target(ANNOTATION_TYPE)
public @interface Indexed {
    Class<? extends Validator>[] validators() default {};
}
