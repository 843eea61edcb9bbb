package io.aigov.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an event record ({@link AuditKind#isEvent()}: of the rules, an account, a use case, a control) says: what happened
 * ({@code type}, such as ACTIVATED or ROLES_CHANGED) and its particulars, as the capability that
 * recorded it names them.
 */
public record AuditEvent(String type, Map<String, Object> details) {

    public AuditEvent {
        // Particulars may be null (an origin the service cannot know), which Map.copyOf refuses.
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
