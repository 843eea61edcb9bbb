package io.aigov;

import java.util.Arrays;
import java.util.List;

import io.aigov.audit.OfflineVerification;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the service, or with {@code verify} as the first argument verifies an exported audit chain
 * offline (README, "Offline verification") without starting anything: no database, no HTTP.
 */
@QuarkusMain
public final class Launcher {

    private Launcher() {
    }

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("verify")) {
            List<String> files = Arrays.asList(args).subList(1, args.length);
            System.exit(OfflineVerification.run(files, System.out, System.err));
        }
        Quarkus.run(args);
    }
}
