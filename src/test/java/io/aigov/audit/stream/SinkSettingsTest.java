package io.aigov.audit.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Deployments that set the one sink of earlier versions go on delivering to it; the list names several. */
class SinkSettingsTest {

    @Test
    void theSingleSinkOfEarlierVersionsIsAListOfOne() {
        assertEquals(List.of("webhook"), AuditStream.configuredSinks(Optional.empty(), Optional.of("webhook")));
        assertEquals(List.of("file"), AuditStream.configuredSinks(Optional.empty(), Optional.of("FILE")), "an enum's name, in any case");
        assertEquals(List.of(), AuditStream.configuredSinks(Optional.empty(), Optional.of("none")));
        assertEquals(List.of(), AuditStream.configuredSinks(Optional.empty(), Optional.empty()));
    }

    @Test
    void theListNamesEachSinkOnce() {
        assertEquals(List.of("file", "webhook"), AuditStream.configuredSinks(Optional.of(List.of("file", " webhook")), Optional.empty()));
        assertEquals(List.of(), AuditStream.configuredSinks(Optional.of(List.of("none")), Optional.empty()));
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> AuditStream.configuredSinks(Optional.of(List.of("file", "file")), Optional.empty()));
        assertTrue(twice.getMessage().contains("aigov.audit.stream.sinks"), twice.getMessage());
        IllegalStateException both = assertThrows(IllegalStateException.class,
                () -> AuditStream.configuredSinks(Optional.of(List.of("file")), Optional.of("webhook")));
        assertTrue(both.getMessage().contains("aigov.audit.stream.sink and aigov.audit.stream.sinks"), both.getMessage());
    }
}
