package io.aigov.decision.engine;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;

import io.aigov.decision.model.Assessment;
import io.aigov.decision.model.EvaluationDate;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.RuleContractException;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.shared.DaemonThreads;

/**
 * Runs one use case through one ruleset, within limits. Holds no state between evaluations: each
 * gets a fresh session, so evaluations on different threads or rulesets never meet.
 *
 * <p>An evaluation runs on a thread of its own while the caller waits for it up to the deadline.
 * Past the deadline the caller gets a {@link RulesetDefectException} naming the rule that was
 * running, the session is asked to halt (it stops before the next rule firing), and a thread
 * that still runs a moment later is stopped outright, so no rule can keep a core or a request
 * thread, or hold up the service's shutdown.
 */
public final class DecisionEngine {

    private static final Logger LOG = Logger.getLogger(DecisionEngine.class);
    /** Facts the rules may insert in one evaluation, beyond the four the engine inserts. */
    static final int MAX_INSERTED_FACTS = 1_000;
    /** How long a halted evaluation may take to notice before its thread is stopped. */
    private static final long HALT_GRACE_MILLIS = 500;

    private static final ExecutorService EVALUATIONS = Executors.newCachedThreadPool(
            DaemonThreads.named("rule-evaluation", DecisionEngine.class.getClassLoader()));
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("rule-deadline"));

    private DecisionEngine() {
    }

    /**
     * @param evaluationDate the day the rules see as the evaluation date: today for a new evaluation,
     *                       the original day for a replay
     */
    public static Decision evaluate(Ruleset ruleset, UseCase useCase, LocalDate evaluationDate, EvaluationLimits limits) {
        Evaluation evaluation = new Evaluation(ruleset, useCase, evaluationDate, limits.maxFirings());
        Future<Decision> result = EVALUATIONS.submit(evaluation::run);
        try {
            return result.get(limits.deadline().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            evaluation.stop();
            throw new RulesetDefectException("ruleset " + ruleset.version() + " did not decide within "
                    + limits.deadline().toMillis() + " ms; " + evaluation.describeRunningRule());
        } catch (InterruptedException e) {
            evaluation.stop();
            Thread.currentThread().interrupt();
            throw new RulesetDefectException("the evaluation was interrupted");
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    /** What an evaluation thread threw, thrown again in the caller's. */
    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    /** Decides one input in an exploration; see {@link #explore}. */
    @FunctionalInterface
    public interface Decider {

        /**
         * @throws OutOfTimeException when the exploration's time is up
         * @throws RuntimeException   as {@link #evaluate} does when the rules fail on the input
         */
        Decision decide(UseCase useCase);
    }

    /** The exploration's time ran out; the decision asked for was not made. */
    public static final class OutOfTimeException extends RuntimeException {

        OutOfTimeException() {
            super("the exploration ran out of time", null, false, false);
        }
    }

    /**
     * Decides many inputs on one ruleset for one caller, one after the other on one evaluation
     * thread, within one time budget: each decision within the limits {@link #evaluate} keeps,
     * and past the budget the running decision is stopped and every later one refused. Returns
     * when the exploration ends or its time is up, whichever is first; what it found by then is
     * for the exploration to keep.
     */
    public static void explore(Ruleset ruleset, LocalDate evaluationDate, EvaluationLimits limits, Duration budget,
            Consumer<Decider> exploration) {
        Exploration running = new Exploration(ruleset, evaluationDate, limits.maxFirings());
        Future<?> done = EVALUATIONS.submit(() -> exploration.accept(running::decide));
        try {
            done.get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            running.stop();
        } catch (InterruptedException e) {
            running.stop();
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    /** The decisions of one exploration, and the one running when its time is up. */
    private static final class Exploration {

        private final Ruleset ruleset;
        private final LocalDate evaluationDate;
        private final int maxFirings;
        private volatile Evaluation current;
        private volatile boolean outOfTime;

        Exploration(Ruleset ruleset, LocalDate evaluationDate, int maxFirings) {
            this.ruleset = ruleset;
            this.evaluationDate = evaluationDate;
            this.maxFirings = maxFirings;
        }

        Decision decide(UseCase useCase) {
            if (outOfTime) {
                throw new OutOfTimeException();
            }
            Evaluation evaluation = new Evaluation(ruleset, useCase, evaluationDate, maxFirings);
            current = evaluation;
            try {
                // Read after current is set, as stop() reads current after setting outOfTime: one of them sees the other.
                if (outOfTime) {
                    throw new OutOfTimeException();
                }
                return evaluation.run();
            } catch (RulesetDefectException e) {
                if (outOfTime) {
                    throw new OutOfTimeException();
                }
                throw e;
            } finally {
                current = null;
            }
        }

        void stop() {
            outOfTime = true;
            Evaluation running = current;
            if (running != null) {
                running.stop();
            }
        }
    }

    /** One evaluation's session and progress, shared between the thread that runs it and the one that may stop it. */
    private static final class Evaluation {

        private final Ruleset ruleset;
        private final UseCase useCase;
        private final LocalDate evaluationDate;
        private final int maxFirings;
        private volatile KieSession session;
        private volatile Thread thread;
        private volatile String runningRule;
        private volatile String lastFiredRule;
        private volatile boolean stopped;

        Evaluation(Ruleset ruleset, UseCase useCase, LocalDate evaluationDate, int maxFirings) {
            this.ruleset = ruleset;
            this.useCase = useCase;
            this.evaluationDate = evaluationDate;
            this.maxFirings = maxFirings;
        }

        Decision run() {
            thread = Thread.currentThread();
            // Rules format numbers with String.format, which follows the JVM's default format locale: held at one
            // locale, a decision reads the same on every host, and a replay anywhere reproduces it.
            if (!Locale.getDefault(Locale.Category.FORMAT).equals(Locale.ROOT)) {
                Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
            }
            Assessment assessment = new Assessment(ruleset.declarations());
            List<FiredRule> firedRules = new ArrayList<>();
            KieSession kieSession = ruleset.kieBase().newKieSession();
            try {
                kieSession.addEventListener(new DefaultAgendaEventListener() {
                    @Override
                    public void beforeMatchFired(BeforeMatchFiredEvent event) {
                        runningRule = event.getMatch().getRule().getName();
                    }

                    @Override
                    public void afterMatchFired(AfterMatchFiredEvent event) {
                        Rule rule = event.getMatch().getRule();
                        runningRule = null;
                        lastFiredRule = rule.getName();
                        List<String> reasons = assessment.drainReasons();
                        String reason = reasons.isEmpty() ? "(the rule gave no reason)" : String.join(" ", reasons);
                        firedRules.add(new FiredRule(rule.getName(), ruleset.fileOf(rule.getPackageName(), rule.getName()), reason));
                    }
                });
                session = kieSession;
                if (stopped) {
                    throw new RulesetDefectException("the evaluation was stopped before it started");
                }
                kieSession.insert(ruleset.declarations().understood(useCase));
                kieSession.insert(ruleset.thresholds());
                kieSession.insert(new EvaluationDate(evaluationDate));
                kieSession.insert(assessment);
                kieSession.addEventListener(new DefaultRuleRuntimeEventListener() {
                    private int inserted;

                    @Override
                    public void objectInserted(ObjectInsertedEvent event) {
                        // Facts the rules insert multiply the combinations the engine matches.
                        if (++inserted > MAX_INSERTED_FACTS) {
                            throw new RuleContractException("the rules inserted more than " + MAX_INSERTED_FACTS
                                    + " facts in one evaluation");
                        }
                    }
                });
                int fired;
                try {
                    fired = kieSession.fireAllRules(maxFirings);
                } catch (RuntimeException e) {
                    throw new RulesetDefectException("ruleset " + ruleset.version() + ": " + describeFailure(e));
                }
                if (stopped) {
                    throw new RulesetDefectException("the evaluation was stopped at its deadline");
                }
                if (fired >= maxFirings) {
                    throw new RulesetDefectException("ruleset " + ruleset.version() + " did not settle within " + maxFirings
                            + " rule firings");
                }
            } finally {
                session = null;
                kieSession.dispose();
                synchronized (this) {
                    // Under the lock: a stop past the deadline must never hit the next evaluation on this thread.
                    thread = null;
                }
            }
            if (assessment.getApproach() == null || assessment.getVerdict() == null) {
                throw new RulesetDefectException("ruleset " + ruleset.version() + " decided no "
                        + (assessment.getApproach() == null ? "approach" : "verdict"));
            }
            Decision decision = new Decision(assessment.getApproach(), assessment.isRagRecommended(), assessment.getVerdict(),
                    assessment.scores(), assessment.exposures(), List.copyOf(firedRules), assessment.getWarnings(),
                    ruleset.version());
            decision.unrecordable().ifPresent(problem -> {
                throw new RulesetDefectException("ruleset " + ruleset.version() + " decided, but its decision cannot be recorded: "
                        + problem);
            });
            return decision;
        }

        /**
         * What failed, without the exception's message unless the fact model wrote it: rule code
         * chooses other messages, and a hostile rule would use them to carry out what it read.
         */
        private String describeFailure(RuntimeException e) {
            String rule = e instanceof ConsequenceException consequence && consequence.getMatch() != null
                    ? consequence.getMatch().getRule().getName() : runningRule;
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String what = cause instanceof RuleContractException contract ? contract.getMessage()
                    : "it threw " + cause.getClass().getName();
            return (rule == null ? "matching the rules failed: " : "rule \"" + rule + "\" failed: ") + what;
        }

        String describeRunningRule() {
            String running = runningRule;
            if (running != null) {
                return "rule \"" + running + "\" was running";
            }
            String last = lastFiredRule;
            return last == null ? "no rule had fired yet" : "the last rule to fire was \"" + last + "\"";
        }

        /** Halts the session before its next firing, and stops the thread if that is not enough. */
        void stop() {
            stopped = true;
            KieSession running = session;
            if (running != null) {
                running.halt();
            }
            WATCHDOG.schedule(this::stopThreadIfStillRunning, HALT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }

        @SuppressWarnings("deprecation")
        private synchronized void stopThreadIfStillRunning() {
            Thread running = thread;
            if (running != null) {
                // The rules are past their deadline and did not halt: nothing but stopping the thread ends
                // them. The thread holds only this evaluation's session, which is thrown away.
                LOG.errorf("Stopping the thread of an evaluation on ruleset %s that ignored its deadline; %s", ruleset.version(),
                        describeRunningRule());
                running.stop();
            }
        }
    }
}
