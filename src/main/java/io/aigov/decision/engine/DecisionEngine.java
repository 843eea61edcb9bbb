package io.aigov.decision.engine;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
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

import io.aigov.decision.model.Answers;
import io.aigov.decision.model.Assessment;
import io.aigov.decision.model.EvaluationDate;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.model.RuleContractException;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.ruleset.Ruleset;

/**
 * Runs one use case through one ruleset, within limits. Holds no state between evaluations: each
 * gets a session of its own from the ruleset's, reset to nothing when it was given back, so
 * evaluations on different threads or rulesets never meet.
 *
 * <p>An evaluation runs on the caller's thread under the watch of {@link Deadlines}. Past the
 * deadline the session is asked to halt (it stops before the next rule firing) and the caller gets
 * a {@link RulesetDefectException} naming the rule that was running; if the rules are still running
 * a moment later (a consequence that never returns), the thread is stopped outright and the caller
 * gets the same exception, so no rule can keep a core or a request thread, or hold up the
 * service's shutdown.
 */
public final class DecisionEngine {

    private static final Logger LOG = Logger.getLogger(DecisionEngine.class);
    /** Facts the rules may insert in one evaluation, beyond the four the engine inserts. */
    static final int MAX_INSERTED_FACTS = 1_000;
    private static final Deadlines DEADLINES = new Deadlines();
    /** Drools looks services up through the context class loader: every evaluation sees the engine's, whichever thread asks. */
    private static final ClassLoader ENGINE_CLASSES = DecisionEngine.class.getClassLoader();

    private DecisionEngine() {
    }

    /**
     * @param evaluationDate the day the rules see as the evaluation date: today for a new evaluation,
     *                       the original day for a replay
     */
    public static Decision evaluate(Ruleset ruleset, UseCase useCase, LocalDate evaluationDate, EvaluationLimits limits) {
        return new Evaluation(ruleset, useCase, evaluationDate, limits, true).run(Evaluation::decision);
    }

    /**
     * What the rules conclude about the use case, without why: the rules run as in {@link #evaluate},
     * within the same limits, but which rules fired and their reasons are not collected. For
     * replays that compare outcomes, such as an impact analysis.
     */
    public static DecisionOutcome outcome(Ruleset ruleset, UseCase useCase, LocalDate evaluationDate, EvaluationLimits limits) {
        return new Evaluation(ruleset, useCase, evaluationDate, limits, false).run(Evaluation::outcome);
    }

    /**
     * Decides one input in an exploration; see {@link #explore}. An exploration asks what the rules
     * conclude, not why: the rules run as in {@link #evaluate}, but which rules fired and their
     * reasons are not collected.
     */
    @FunctionalInterface
    public interface Decider {

        /**
         * @throws OutOfTimeException when the exploration's time is up
         * @throws RuntimeException   as {@link #evaluate} does when the rules fail on the input
         */
        DecisionOutcome decide(UseCase useCase);
    }

    /** The exploration's time ran out; the decision asked for was not made. */
    public static final class OutOfTimeException extends RuntimeException {

        OutOfTimeException() {
            super("the exploration ran out of time", null, false, false);
        }
    }

    /**
     * Decides many inputs on one ruleset for one caller, one after the other on the caller's thread,
     * within one time budget: each decision within the limits {@link #evaluate} keeps, and past the
     * budget the running decision is stopped and every later one refused. Returns when the
     * exploration ends or its time is up, whichever is first; what it found by then is for the
     * exploration to keep.
     */
    public static void explore(Ruleset ruleset, LocalDate evaluationDate, EvaluationLimits limits, Duration budget,
            Consumer<Decider> exploration) {
        Exploration running = new Exploration(ruleset, evaluationDate, limits);
        Deadlines.Watch watch = DEADLINES.watch(running, budget);
        try {
            exploration.accept(running::decide);
        } catch (OutOfTimeException e) {
            // The exploration did not keep what it found when its time ran out; that was its to decide.
        } finally {
            DEADLINES.release(watch);
        }
    }

    /** The decisions of one exploration, and the one running when its time is up. */
    private static final class Exploration implements Deadlines.Watched {

        private final Ruleset ruleset;
        private final LocalDate evaluationDate;
        private final EvaluationLimits limits;
        private volatile Evaluation current;
        private volatile boolean outOfTime;

        Exploration(Ruleset ruleset, LocalDate evaluationDate, EvaluationLimits limits) {
            this.ruleset = ruleset;
            this.evaluationDate = evaluationDate;
            this.limits = limits;
        }

        DecisionOutcome decide(UseCase useCase) {
            if (outOfTime) {
                throw new OutOfTimeException();
            }
            Evaluation evaluation = new Evaluation(ruleset, useCase, evaluationDate, limits, false);
            current = evaluation;
            try {
                // Read after current is set, as deadlinePassed() reads current after setting outOfTime: one of them sees the other.
                if (outOfTime) {
                    throw new OutOfTimeException();
                }
                return evaluation.run(Evaluation::outcome);
            } catch (RulesetDefectException e) {
                if (outOfTime) {
                    throw new OutOfTimeException();
                }
                throw e;
            } finally {
                current = null;
            }
        }

        @Override
        public void deadlinePassed() {
            outOfTime = true;
            Evaluation running = current;
            if (running != null) {
                running.expireNow();
            }
        }

        @Override
        public void graceOver() {
            // The running evaluation has a watch of its own, which stops it if it ignores the halt.
        }
    }

    /** One evaluation's session and progress, shared between the thread that runs it and the watchdog that may stop it. */
    private static final class Evaluation implements Deadlines.Watched {

        private final Ruleset ruleset;
        private final UseCase useCase;
        private final LocalDate evaluationDate;
        private final EvaluationLimits limits;
        /** Whether the rules that fired and their reasons are collected: a decision needs them, an exploration does not. */
        private final boolean explained;
        private final List<FiredRule> firedRules = new ArrayList<>();
        private volatile Deadlines.Watch watch;
        private volatile boolean expired;
        private volatile KieSession session;
        private volatile Thread thread;
        private volatile String runningRule;
        private volatile String lastFiredRule;
        /** Why the evaluation was stopped at its deadline; null while it was not. */
        private volatile String overrun;
        private volatile boolean threadStopped;

        Evaluation(Ruleset ruleset, UseCase useCase, LocalDate evaluationDate, EvaluationLimits limits, boolean explained) {
            this.ruleset = ruleset;
            this.useCase = useCase;
            this.evaluationDate = evaluationDate;
            this.limits = limits;
            this.explained = explained;
        }

        /** Runs the rules within the limits, then concludes from the assessment they made. */
        <T> T run(BiFunction<Evaluation, Assessment, T> conclusion) {
            Thread caller = Thread.currentThread();
            ClassLoader callerClasses = caller.getContextClassLoader();
            caller.setContextClassLoader(ENGINE_CLASSES);
            try {
                try {
                    thread = caller;
                    watch = DEADLINES.watch(this, limits.deadline());
                    // Read after the watch is set, as expireNow() reads it after setting expired: one of them sees the other.
                    if (expired) {
                        watch.expireNow();
                    }
                    return conclusion.apply(this, assess());
                } finally {
                    if (watch != null) {
                        DEADLINES.release(watch);
                    }
                    synchronized (this) {
                        // Under the lock: once this thread is done with the rules, graceOver() must never stop it.
                        thread = null;
                    }
                }
            } catch (RuntimeException | Error e) {
                // Stopped outright, the thread may have been anywhere, the session's clean-up included.
                if (threadStopped) {
                    throw new RulesetDefectException(overrun);
                }
                throw e;
            } finally {
                caller.setContextClassLoader(callerClasses);
            }
        }

        private Assessment assess() {
            // Rules format numbers with String.format, which follows the JVM's default format locale: held at one
            // locale, a decision reads the same on every host, and a replay anywhere reproduces it. US English, because
            // the JDK formats its numbers without building a DecimalFormat per call (a fifth of a decision in Locale.ROOT,
            // whose numbers read the same; only %tB and %tA differ, naming months and days in full).
            if (!Locale.getDefault(Locale.Category.FORMAT).equals(Locale.US)) {
                Locale.setDefault(Locale.Category.FORMAT, Locale.US);
            }
            Assessment assessment = new Assessment(ruleset.declarations());
            KieSession kieSession = ruleset.sessions().newKieSession();
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
                        if (!explained) {
                            return;
                        }
                        List<String> reasons = assessment.drainReasons();
                        String reason = switch (reasons.size()) {
                            case 0 -> "(the rule gave no reason)";
                            case 1 -> reasons.get(0);
                            default -> String.join(" ", reasons);
                        };
                        firedRules.add(new FiredRule(rule.getName(), ruleset.fileOf(rule.getPackageName(), rule.getName()), reason));
                    }
                });
                session = kieSession;
                if (overrun != null) {
                    throw new RulesetDefectException(overrun);
                }
                UseCase understood = ruleset.declarations().understood(useCase);
                kieSession.insert(understood);
                kieSession.insert(new Answers(understood.answers(), ruleset.declarations()));
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
                    fired = kieSession.fireAllRules(limits.maxFirings());
                } catch (RuntimeException e) {
                    throw new RulesetDefectException(overrun != null ? overrun : "ruleset " + ruleset.version() + ": " + describeFailure(e));
                }
                if (overrun != null) {
                    throw new RulesetDefectException(overrun);
                }
                if (fired >= limits.maxFirings()) {
                    throw new RulesetDefectException("ruleset " + ruleset.version() + " did not settle within " + limits.maxFirings()
                            + " rule firings");
                }
            } finally {
                session = null;
                // A session whose thread was stopped outright may have been left anywhere: it is not given back.
                if (!threadStopped) {
                    kieSession.dispose();
                }
            }
            if (assessment.getApproach() == null || assessment.getVerdict() == null) {
                throw new RulesetDefectException("ruleset " + ruleset.version() + " decided no "
                        + (assessment.getApproach() == null ? "approach" : "verdict"));
            }
            return assessment;
        }

        private Decision decision(Assessment assessment) {
            return new Decision(assessment.getApproach(), assessment.isRagRecommended(), assessment.getVerdict(),
                    assessment.scores(), assessment.exposures(), List.copyOf(firedRules), assessment.getWarnings(),
                    ruleset.version());
        }

        /** What the rules concluded; its texts were checked as the rules wrote them ({@link Assessment}), and it holds none. */
        private DecisionOutcome outcome(Assessment assessment) {
            return DecisionOutcome.of(assessment.getApproach(), assessment.getVerdict(), assessment.exposures());
        }

        /** Ends the evaluation as if its deadline had passed now: its exploration's time is up. */
        void expireNow() {
            expired = true;
            Deadlines.Watch current = watch;
            if (current != null) {
                current.expireNow();
            }
        }

        /** Halts the session before its next firing. */
        @Override
        public void deadlinePassed() {
            overrun = "ruleset " + ruleset.version() + " did not decide within " + limits.deadline().toMillis() + " ms; "
                    + describeRunningRule();
            KieSession running = session;
            if (running != null) {
                running.halt();
            }
        }

        @Override
        @SuppressWarnings("deprecation")
        public synchronized void graceOver() {
            Thread running = thread;
            if (running != null) {
                // The rules are past their deadline and did not halt: nothing but stopping the thread ends them. The
                // thread holds only this evaluation's session, which is thrown away, and run() turns its death into the
                // evaluation's failure.
                LOG.errorf("Stopping the thread of an evaluation on ruleset %s that ignored its deadline; %s", ruleset.version(),
                        describeRunningRule());
                threadStopped = true;
                running.stop();
            }
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
    }
}
