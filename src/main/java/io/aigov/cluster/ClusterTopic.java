package io.aigov.cluster;

/** What instances of the service tell each other through PostgreSQL, each on its own channel. */
public enum ClusterTopic {
    /** Another ruleset version serves; the payload is its version. */
    RULESET("aigov_ruleset");

    private final String channel;

    ClusterTopic(String channel) {
        this.channel = channel;
    }

    public String channel() {
        return channel;
    }
}
