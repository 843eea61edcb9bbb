package io.aigov.audit;

/** A search filter whose value cannot be read: it names the filter and says what it must be. */
public class InvalidAuditFilterException extends RuntimeException {

    private final String filter;
    private final String problem;

    public InvalidAuditFilterException(String filter, String problem) {
        super(filter + " " + problem);
        this.filter = filter;
        this.problem = problem;
    }

    /** The filter's name, as the search is asked with it. */
    public String filter() {
        return filter;
    }

    /** What is wrong with its value, without the filter's name. */
    public String problem() {
        return problem;
    }
}
