package io.aigov.proposal;

import java.util.List;

/**
 * What the rules will decide differently about a use case on a date to come, compared with the
 * day before it: a duty that starts applying, an exposure that rises.
 *
 * @param date       the day it applies from, as ISO {@code YYYY-MM-DD}
 * @param thresholds the keys of the thresholds that hold the date
 * @param changes    what changes, as a reassessment would spell it out
 */
public record UpcomingChange(String date, List<String> thresholds, List<String> changes) {
}
