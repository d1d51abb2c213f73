package org.postern.policy.restriction;

import java.util.List;

/**
 * Turns restriction names found in an access map value or a policy answer ({@code permit_mynetworks,
 * reject}) into restrictions. The list parser implements it; names that need a table are refused there.
 */
@FunctionalInterface
public interface NestedRestrictions {

    /**
     * @param origin the table and key the names came from, for the error message
     * @throws org.postern.config.InvalidConfigurationException when a name is unknown or not allowed here
     */
    List<RestrictionList.Entry> parse(List<String> names, String origin);
}
