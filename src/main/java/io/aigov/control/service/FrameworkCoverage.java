package io.aigov.control.service;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.aigov.control.Control;
import io.aigov.control.ControlStatus;
import io.aigov.decision.model.Declarations.DeclaredFramework;
import io.aigov.decision.model.Declarations.FrameworkControl;
import io.aigov.evaluation.service.EvaluationService;

/**
 * How far the inventory covers a framework (ISO/IEC 42001, NIST AI RMF): for each of its controls,
 * the use cases whose live controls meet an obligation mapped to it, and how many of those controls
 * are evidenced, accepted, not applicable or overdue. Closed controls do not count.
 */
@ApplicationScoped
public class FrameworkCoverage {

    /** A use case a framework control concerns. */
    public record UseCaseRef(UUID id, String title) {
    }

    /**
     * One framework control's coverage.
     *
     * @param controls  the live controls of obligations mapped to it, across the use cases
     * @param evidenced those with every kind of evidence their obligation asks for: evidenced, attested or accepted
     */
    public record ControlCoverage(String id, String title, List<String> obligations, List<UseCaseRef> useCases, int controls, int evidenced,
            int accepted, int notApplicable, int overdue) {
    }

    public record Coverage(String framework, String title, String pack, List<ControlCoverage> controls) {
    }

    private static final Set<ControlStatus> EVIDENCED = Set.of(ControlStatus.EVIDENCED, ControlStatus.ATTESTED, ControlStatus.ACCEPTED);

    private final EvaluationService evaluations;
    private final UseCases useCases;

    public FrameworkCoverage(EvaluationService evaluations, UseCases useCases) {
        this.evaluations = evaluations;
        this.useCases = useCases;
    }

    /** The frameworks the active rules declare. */
    public List<DeclaredFramework> frameworks() {
        return evaluations.declarations().frameworks();
    }

    @Transactional
    public Optional<Coverage> of(String code) {
        return evaluations.declarations().framework(code).map(framework -> {
            Set<String> mapped = new LinkedHashSet<>();
            framework.controls().forEach(control -> mapped.addAll(control.obligations()));
            List<Control> live = mapped.isEmpty() ? List.of()
                    : Control.<Control>list("closedAt is null and obligationId in ?1", List.copyOf(mapped));
            Map<UUID, String> titles = useCases.titles(live.stream().map(control -> control.useCaseId).toList());
            List<ControlCoverage> covered = new ArrayList<>();
            for (FrameworkControl control : framework.controls()) {
                Map<ControlStatus, Integer> counts = new EnumMap<>(ControlStatus.class);
                Set<UUID> concerned = new LinkedHashSet<>();
                for (Control meeting : live) {
                    if (control.obligations().contains(meeting.obligationId)) {
                        counts.merge(meeting.status, 1, Integer::sum);
                        concerned.add(meeting.useCaseId);
                    }
                }
                List<UseCaseRef> refs = concerned.stream().map(id -> new UseCaseRef(id, titles.get(id))).toList();
                covered.add(new ControlCoverage(control.id(), control.title(), control.obligations(), refs,
                        counts.values().stream().mapToInt(Integer::intValue).sum(),
                        EVIDENCED.stream().mapToInt(status -> counts.getOrDefault(status, 0)).sum(), counts.getOrDefault(ControlStatus.ACCEPTED, 0),
                        counts.getOrDefault(ControlStatus.NOT_APPLICABLE, 0), counts.getOrDefault(ControlStatus.OVERDUE, 0)));
            }
            return new Coverage(framework.code(), framework.title(), framework.pack(), covered);
        });
    }
}
