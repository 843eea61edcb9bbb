package io.aigov.cluster;

/**
 * Time to compare what this instance keeps in memory with the database: fired periodically, in
 * case a notice was lost, and after the connection that receives notices was (re)established.
 */
public record ClusterCheck() {
}
