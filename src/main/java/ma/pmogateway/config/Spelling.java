package ma.pmogateway.config;

import java.util.Collection;

/**
 * The nearest known word to a misspelt one, for "did you mean …?": the fewest insertions, deletions,
 * substitutions and swaps of two neighbouring characters (optimal string alignment distance).
 */
final class Spelling {

    /** Beyond this many edits a suggestion would be a guess, not a correction. */
    private static final int MAX_EDITS = 3;

    private Spelling() {
    }

    /**
     * Returns the word of {@code known} nearest to {@code word} (the first of equals, in iteration
     * order), or null if none is within a few edits.
     */
    static String nearest(String word, Collection<String> known) {
        String nearest = null;
        int best = MAX_EDITS + 1;
        for (String candidate : known) {
            int distance = distance(word, candidate);
            if (distance < best) {
                best = distance;
                nearest = candidate;
            }
        }
        return nearest;
    }

    /** Returns the optimal string alignment distance between {@code a} and {@code b}. */
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
