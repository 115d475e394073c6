package io.mlsteps.contract.steps;

import io.mlsteps.contract.Arg;

import java.util.Map;

/**
 * One entry of trainModel's {@code candidates}: an algorithm and its hyper-parameters, where a parameter may be
 * one value, a list of values (a grid axis) or a range written as text ({@code 'range(2, 12, 2)'},
 * {@code 'loguniform(0.001, 100)'}, {@code 'uniform(0, 1)'}, {@code 'randint(1, 10)'}).
 * Its text form (the CLI's {@code --candidate}) is {@code 'algorithm=random_forest, max_depth=4,8,12, trees=50'}:
 * a name not an argument of this record is a parameter, and items without {@code =} extend the previous value
 * into a list.
 */
public record Candidate(
        @Arg(doc = "the algorithm of this candidate (see `mlsteps train --list-algorithms`)", required = true,
                label = "NAME")
        String algorithm,
        @Arg(doc = "its hyper-parameters: a value, a list of values, or a range (`range(a, b, step)`, "
                + "`loguniform(a, b)`, `uniform(a, b)`, `randint(a, b)`)", defaultText = "per algorithm")
        Map<String, Object> params) {
}
