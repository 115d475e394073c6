package io.mlsteps.contract.bind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The known names closest to a misspelt one, for "did you mean" in an error. */
final class Names {
    private Names() {
    }

    /** Up to three known names within a small edit distance of {@code given}, closest first. */
    static List<String> closest(String given, List<String> known) {
        String g = given.toLowerCase(Locale.ROOT);
        record Scored(String name, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String name : known) {
            String n = name.toLowerCase(Locale.ROOT);
            int d = distance(g, n);
            int allowed = Math.max(2, Math.min(g.length(), n.length()) / 3);
            boolean contains = g.length() >= 4 && n.contains(g) || n.length() >= 4 && g.contains(n);
            if (d <= allowed || contains) {
                scored.add(new Scored(name, d));
            }
        }
        return scored.stream().sorted(Comparator.comparingInt(Scored::distance)).limit(3).map(Scored::name).toList();
    }

    /** Damerau-Levenshtein distance (optimal string alignment): a swap of two letters counts once. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
