package org.postern.policy.restriction;

import java.util.List;

/**
 * One feature's restrictions, contributed to the engine from the feature's own package (access maps, DNS
 * lists, policy services...): the names it answers to, the main.cf parameters it reads and the collaborators
 * its constructor receives. The engine knows no restriction by name; the server binds every feature (Guice
 * multibinding) and the list parser asks each to register. Adding a check is a new package and one binding.
 */
public interface RestrictionFeature {

    /** The main.cf parameters this feature reads, with Postfix's defaults; any other name in the file is unused. */
    List<Parameter> parameters();

    /**
     * Registers this feature's restriction names for one SMTP server, configured by that server's parameters.
     * A parameter with a bad value is an {@link org.postern.config.InvalidConfigurationException} from
     * {@link ServerParameters}, naming the file and the parameter; a restriction that cannot be built from its
     * argument throws {@link IllegalArgumentException} from its factory, which the parser reports with the
     * list and the token.
     */
    void register(RestrictionRegistrar registrar, ServerParameters parameters);
}
