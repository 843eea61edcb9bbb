package io.aigov.database;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aigov.support.TcpSwitch;

/**
 * A test database reached through a {@link TcpSwitch}, so a test can take the database away and
 * bring it back. One per test JVM: the profile that uses it starts the service once.
 */
public final class SwitchedDatabase {

    private static final Pattern HOST_AND_PORT = Pattern.compile("^(jdbc:postgresql://)([^/:]+)(?::(\\d+))?(/.*)$");
    private static String switchedUrl;
    private static TcpSwitch databaseSwitch;

    private SwitchedDatabase() {
    }

    /** The JDBC URL that reaches {@code url}'s database through the switch, made on the first call. */
    public static synchronized String behindTheSwitch(String url) {
        if (switchedUrl == null) {
            Matcher parts = HOST_AND_PORT.matcher(url);
            if (!parts.matches()) {
                throw new IllegalStateException("cannot put a switch in front of " + url);
            }
            databaseSwitch = new TcpSwitch(parts.group(2), parts.group(3) == null ? 5432 : Integer.parseInt(parts.group(3)));
            switchedUrl = parts.group(1) + "127.0.0.1:" + databaseSwitch.port() + parts.group(4);
        }
        return switchedUrl;
    }

    public static synchronized TcpSwitch databaseSwitch() {
        if (databaseSwitch == null) {
            throw new IllegalStateException("no test database is behind a switch in this profile");
        }
        return databaseSwitch;
    }
}
