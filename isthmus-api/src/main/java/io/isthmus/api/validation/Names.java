package io.isthmus.api.validation;

import io.isthmus.api.problem.ProblemType;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Names of resources follow DNS label rules (RFC 1123 section 2.1), so that they can appear in host names, metric
 * labels and CLI arguments unquoted: 1 to 63 characters of lowercase ASCII letters, digits and hyphens, starting
 * with a letter and not ending with a hyphen. A name is unique among its siblings (a tenant's networks, a
 * network's subnets or nodes, the hosts, the tenants).
 */
public final class Names {
    /** The longest name. */
    public static final int MAX_LENGTH = 63;
    private static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]*[a-z0-9])?");

    private Names() {
    }

    /** Whether {@code name} follows the rules. */
    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && NAME.matcher(name).matches();
    }

    static void check(Violations violations, String pointer, String name) {
        if (name == null || name.isEmpty()) {
            violations.add(pointer, ProblemType.INVALID_FIELD, "a name is required");
        } else if (name.length() > MAX_LENGTH) {
            violations.add(pointer, ProblemType.INVALID_FIELD,
                "a name has at most " + MAX_LENGTH + " characters, not " + name.length());
        } else if (!NAME.matcher(name).matches()) {
            violations.add(pointer, ProblemType.INVALID_FIELD, "'" + name
                + "' is not a name: use lowercase letters, digits and hyphens, start with a letter, end with a letter"
                + " or digit");
        }
    }

    static void checkUnique(Violations violations, String pointer, String name, Collection<String> siblings,
                            String scope) {
        if (siblings.contains(name)) {
            violations.add(pointer, ProblemType.NAME_IN_USE, "'" + name + "' is already used by " + scope);
        }
    }
}
