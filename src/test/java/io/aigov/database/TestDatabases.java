package io.aigov.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** The PostgreSQL server tests run on: the one QUARKUS_DATASOURCE_JDBC_URL names, or the embedded one. */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static String serverUrl() {
        String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        return url == null || url.isBlank() ? EmbeddedPostgresServer.jdbcUrl("") : url;
    }

    /** A new, empty database on that server (dropped first if a previous run left it), as a JDBC URL. */
    public static String fresh(String name) {
        String server = serverUrl();
        Properties credentials = new Properties();
        String username = System.getenv("QUARKUS_DATASOURCE_USERNAME");
        if (username != null && !username.isBlank()) {
            credentials.setProperty("user", username);
        }
        try (Connection connection = DriverManager.getConnection(server, credentials); Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + name);
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return server.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }
}
