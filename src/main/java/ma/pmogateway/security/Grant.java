package ma.pmogateway.security;

import java.util.Set;

/**
 * What a sender is granted of one kind of thing (operations, regions, provinces): every one, or only
 * those listed. "Every one" is said explicitly, never by an empty list, so that a forgotten or empty
 * line in a registry cannot grant everything.
 *
 * @param all    true if every value is granted
 * @param listed the values granted when {@code all} is false: not empty; empty when {@code all} is true
 */
public record Grant(boolean all, Set<String> listed) {

    /** Every value. */
    public static final Grant ALL = new Grant(true, Set.of());

    /**
     * Makes a grant that says one thing: every value with none listed, or the values listed.
     *
     * @throws IllegalArgumentException if {@code all} is true and values are listed, or false and none are
     */
    public Grant {
        listed = Set.copyOf(listed);
        if (all != listed.isEmpty()) {
            throw new IllegalArgumentException(all ? "every value, yet some listed" : "no value granted");
        }
    }

    /**
     * Returns a grant of exactly {@code values}.
     *
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static Grant only(Set<String> values) {
        return new Grant(false, values);
    }

    /** Returns true if {@code value} is granted. */
    public boolean includes(String value) {
        return all || listed.contains(value);
    }
}
