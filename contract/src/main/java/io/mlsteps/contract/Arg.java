package io.mlsteps.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares one argument of a step: a component of a request record. Everything a front end shows or checks
 * about the argument comes from here: the CLI option, the plugin's setter, form field and help, the docs row,
 * the default the binder applies and the values it accepts.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Arg {
    /** What the argument means, one sentence or two; {@code `code`} spans are rendered per front end. */
    String doc();

    /**
     * The default as text in the argument's own string form (the form the CLI and the {@code name=value}
     * alias use): {@code "auto"}, {@code "0.95"}, {@code "true"}, {@code "-Xms64m, -Xmx512m"}; empty: none.
     */
    String defaultValue() default "";

    /** How the docs describe a default the engine computes (e.g. "the model's label"); empty: from {@link #defaultValue}. */
    String defaultText() default "";

    /** The unit of a number, e.g. {@code ms}, {@code s}, {@code %}; empty: none. */
    String unit() default "";

    /** The only values accepted (compared without case, stored in the spelling given here); empty: any. */
    String[] allowed() default {};

    /** Whether the step cannot run without it. */
    boolean required() default false;

    /** The CLI option names when they differ from {@code --kebab-case} of the argument, e.g. {@code "--param"}. */
    String[] cli() default {};

    /** Whether the CLI also takes it as its one positional parameter (e.g. {@code mlsteps validate DATA}). */
    boolean positional() default false;

    /** The CLI's placeholder for the value, e.g. {@code FILE}; empty: derived from the kind. */
    String label() default "";

    /** The heading the argument is listed under in the docs and the plugin form; empty: none. */
    String group() default "";

    /** Smallest accepted number (inclusive); NaN: no bound. */
    double min() default Double.NaN;

    /** Largest accepted number (inclusive); NaN: no bound. */
    double max() default Double.NaN;
}
