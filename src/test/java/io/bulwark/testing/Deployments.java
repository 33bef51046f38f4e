package io.bulwark.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one deployment every integration test uses: the packaged application exactly as built
 * ({@code target/bulwark.war}) plus the test classes, without the client-side test infrastructure and the unit
 * tests (nested classes included: a unit test's stand-in for a bean would be a second bean of its type).
 */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive application() {
        File war = new File(System.getProperty("bulwark.it.war", "target/bulwark.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war)
                .addPackages(true, Deployments::runsInTheServer, "io.bulwark");
    }

    private static boolean runsInTheServer(ArchivePath path) {
        String name = path.get();
        return !name.contains("/io/bulwark/testing/infra/") && !name.matches(".*Test(\\$.*)?\\.class");
    }
}
