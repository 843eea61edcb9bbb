package io.aigov;

import java.util.Arrays;
import java.util.List;

import io.aigov.audit.OfflineVerification;
import io.aigov.cli.RulesCommands;
import io.aigov.dossier.DossierVerification;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the service; or, without starting anything (no database, no HTTP), with {@code verify} as
 * the first argument verifies an exported audit chain offline (docs/audit.md, "Offline verification"), with
 * {@code verify-dossier} a use case's dossier (docs/controls.md, "Dossier"), and
 * with {@code test}, {@code evaluate} or {@code impact} runs a rule author's command on a rules
 * folder (docs/rules.md, "Rules in continuous integration").
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
        if (args.length > 0 && args[0].equals("verify-dossier")) {
            System.exit(DossierVerification.run(Arrays.asList(args).subList(1, args.length), System.out, System.err));
        }
        if (args.length > 0 && RulesCommands.handles(args[0])) {
            System.exit(RulesCommands.run(Arrays.asList(args), System.out, System.err));
        }
        Quarkus.run(args);
    }
}
