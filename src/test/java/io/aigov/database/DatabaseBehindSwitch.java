package io.aigov.database;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.aigov.support.TcpSwitch;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Runs the service against the usual test database (embedded, or the server named by
 * QUARKUS_DATASOURCE_JDBC_URL) reached through a {@link TcpSwitch}, so a test can take the database away.
 */
public class DatabaseBehindSwitch implements QuarkusTestProfile {

    private static final Pattern HOST_AND_PORT = Pattern.compile("^(jdbc:postgresql://)([^/:]+)(?::(\\d+))?(/.*)$");
    private static String switchedUrl;
    private static TcpSwitch databaseSwitch;

    @Override
    public synchronized Map<String, String> getConfigOverrides() {
        if (switchedUrl == null) {
            String url = TestDatabases.serverUrl();
            Matcher parts = HOST_AND_PORT.matcher(url);
            if (!parts.matches()) {
                throw new IllegalStateException("cannot put a switch in front of " + url);
            }
            databaseSwitch = new TcpSwitch(parts.group(2), parts.group(3) == null ? 5432 : Integer.parseInt(parts.group(3)));
            switchedUrl = parts.group(1) + "127.0.0.1:" + databaseSwitch.port() + parts.group(4);
        }
        return Map.of("quarkus.datasource.jdbc.url", switchedUrl);
    }

    public static TcpSwitch databaseSwitch() {
        return databaseSwitch;
    }
}
