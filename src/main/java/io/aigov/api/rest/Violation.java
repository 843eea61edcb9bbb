package io.aigov.api.rest;

/** One thing wrong with a request, named by the field (or parameter) it concerns. */
public record Violation(String field, String in, String message) {
}
