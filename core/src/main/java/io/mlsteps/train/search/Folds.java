package io.mlsteps.train.search;

import io.mlsteps.util.InputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The fold of every searched row, seeded:
 * <ul>
 * <li>stratified (classification): the rows of each class, shuffled, are dealt to the folds in turn, the turn
 * carried from class to class, so each fold holds each class's share and the folds differ by at most one row;</li>
 * <li>plain (regression): the shuffled rows dealt in turn;</li>
 * <li>grouped ({@code groupColumn}): the groups, largest first (ties in shuffled order), each to the fold with the
 * fewest rows so far (as scikit-learn's GroupKFold), so no group is split.</li>
 * </ul>
 */
public final class Folds {
    private Folds() {
    }

    /**
     * Stratified or plain folds.
     *
     * @param classes the class of each row, or null for plain folds
     * @throws InputException when a class has fewer rows than folds
     */
    public static int[] assign(int rows, int k, String[] classes, long seed) {
        checkK(k, rows, "rows");
        int[] fold = new int[rows];
        Random random = new Random(seed);
        Map<String, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < rows; i++) {
            byClass.computeIfAbsent(classes == null ? "" : classes[i], c -> new ArrayList<>()).add(i);
        }
        if (classes != null) {
            for (Map.Entry<String, List<Integer>> e : byClass.entrySet()) {
                if (e.getValue().size() < k) {
                    throw new InputException("cv", "is " + k + " but class '" + e.getKey() + "' has only "
                            + e.getValue().size() + " rows; expected at most " + smallest(byClass) + " folds (the rows "
                            + "of the smallest class), or a validation split (cv: 0)");
                }
            }
        }
        int turn = 0;
        for (List<Integer> members : byClass.values()) {
            Collections.shuffle(members, random);
            for (int i : members) {
                fold[i] = turn;
                turn = (turn + 1) % k;
            }
        }
        return fold;
    }

    /**
     * Grouped folds.
     *
     * @throws InputException when there are fewer groups than folds
     */
    public static int[] grouped(String[] groups, int k, long seed, String column) {
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < groups.length; i++) {
            byGroup.computeIfAbsent(groups[i] == null ? "" : groups[i], g -> new ArrayList<>()).add(i);
        }
        if (byGroup.size() < k) {
            throw new InputException("groupColumn", "'" + column + "' has " + byGroup.size() + " distinct values; "
                    + "expected at least as many as folds (cv: " + k + ")");
        }
        List<String> names = new ArrayList<>(new TreeMap<>(byGroup).keySet());
        Collections.shuffle(names, new Random(seed));
        names.sort(Comparator.comparingInt((String g) -> byGroup.get(g).size()).reversed());
        long[] size = new long[k];
        int[] fold = new int[groups.length];
        for (String g : names) {
            int smallest = 0;
            for (int f = 1; f < k; f++) {
                if (size[f] < size[smallest]) {
                    smallest = f;
                }
            }
            for (int i : byGroup.get(g)) {
                fold[i] = smallest;
            }
            size[smallest] += byGroup.get(g).size();
        }
        return fold;
    }

    private static void checkK(int k, int rows, String what) {
        if (k < 2) {
            throw new InputException("cv", "is " + k + "; expected 0 (rank on the validation rows) or at least 2 folds");
        }
        if (k > rows) {
            throw new InputException("cv", "is " + k + " but only " + rows + " " + what + " are searched; expected "
                    + "at most " + rows + " folds");
        }
    }

    private static int smallest(Map<String, List<Integer>> byClass) {
        return byClass.values().stream().mapToInt(List::size).min().orElse(0);
    }
}
