package io.aigov.cluster;

/** A change made by this or another instance, announced with the transaction that made it. */
public record ClusterNotice(ClusterTopic topic, String subject) {
}
