package egress.cluster.deploy;

import egress.policy.validate.Report;
import egress.policy.validate.Validator;
import egress.policy.yaml.Manifest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a workspace to a cluster: validate everything, plan, let the cluster check every write in a dry run,
 * journal the writes, then write object by object; a failure half-way undoes what was written. Used by the HTTP
 * API, the cli's {@code egress deploy} and a desktop app alike.
 *
 * <p>All or nothing as far as a client can make it: a workspace with any manifest the cluster would reject
 * writes nothing; a write that fails (or a listener that throws, or {@link #stop(Duration)}) rolls back every
 * earlier write, in reverse order: created objects are deleted, updated ones get their previous version back,
 * pruned ones are created again, and the MeshConfig flag is switched back. A process that dies half-way leaves
 * its {@link DeployJournal}; until it is finished or rolled back ({@link #recover(boolean, DeployListener)}), no
 * other deploy to that cluster starts. Another client changing the same objects meanwhile is not guarded against.
 */
public final class DeployService {
    private static final Logger logger = LoggerFactory.getLogger(DeployService.class);

    private final Planner planner;
    private final ClusterWriter writer;
    private final DeployJournal journal;
    private final Object lock = new Object();
    private int running;
    private volatile boolean stopping;

    /** With the journal in {@link DeployJournal#defaultFolder()}. */
    public DeployService(KubernetesClient client) {
        this(client, DeployJournal.defaultFolder());
    }

    public DeployService(KubernetesClient client, Path journalFolder) {
        this.planner = new Planner(client);
        this.writer = new ClusterWriter(client);
        this.journal =
                new DeployJournal(journalFolder, client.getConfiguration().getMasterUrl());
    }

    /** The plan for a workspace, without validating it. */
    public Plan plan(List<Manifest> workspace, boolean prune) {
        return planner.plan(deployable(workspace), prune);
    }

    /** The journal of an interrupted deploy to this cluster, which must be finished or rolled back first. */
    public Optional<DeployJournal.Entry> unfinished() {
        return journal.find();
    }

    /** Validates, plans and (unless a dry run) applies. Never throws for cluster errors: see the outcome. */
    public DeployResult deploy(List<Manifest> workspace, DeployOptions options, DeployListener listener) {
        enter();
        try {
            return run(deployable(workspace), options, new Progress(listener));
        } finally {
            leave();
        }
    }

    /**
     * Finishes ({@code rollBack} false) or rolls back the deploy of this cluster's journal, and removes the journal
     * when that worked. Every step is safe to repeat, so it does not matter how far the interrupted deploy got.
     *
     * @throws IllegalStateException when there is no journal
     */
    public DeployResult recover(boolean rollBack, DeployListener listener) {
        enter();
        try {
            DeployJournal.Entry entry = journal.find()
                    .orElseThrow(() ->
                            new IllegalStateException("no interrupted deploy to " + journal.file() + " to recover"));
            return new JournalRecovery(writer, journal).run(entry, rollBack, new Progress(listener));
        } finally {
            leave();
        }
    }

    /**
     * Stops: a deploy that is writing stops before its next write and rolls back; no new one starts. Waits for
     * that (the caller then may close the client).
     *
     * @return whether every deploy was over within {@code timeout}
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Whether {@link #stop(Duration)} was called: running deploys are rolling back, new ones are refused. */
    public boolean stopping() {
        return stopping;
    }

    private void enter() {
        synchronized (lock) {
            if (stopping) {
                throw new IllegalStateException("the deploy service is stopping");
            }
            running++;
        }
    }

    private void leave() {
        synchronized (lock) {
            running--;
            lock.notifyAll();
        }
    }

    private DeployResult run(List<Manifest> manifests, DeployOptions options, Progress progress) {
        Report report = Validator.validate(manifests, options.engine());
        if (report.hasErrors()) {
            String message = report.errors().size() + " error(s); nothing was applied";
            progress.quietly(new DeployEvent(DeployEvent.Type.DONE, 0, 0, null, null, message));
            return progress.result(DeployResult.Outcome.REJECTED, report, null, null);
        }
        Plan plan = planner.plan(manifests, options.prune());
        if (options.dryRun()) {
            return progress.result(DeployResult.Outcome.PLANNED, report, plan, null);
        }
        Optional<DeployJournal.Entry> pending = journal.find();
        if (pending.isPresent()) {
            String failure = pending.get().describe() + " was interrupted; finish it (egress deploy --resume) or "
                    + "roll it back (egress deploy --rollback) first. Its journal: " + journal.file();
            progress.quietly(new DeployEvent(DeployEvent.Type.DONE, 0, 0, null, null, "unfinished"));
            return progress.result(DeployResult.Outcome.UNFINISHED, report, plan, failure);
        }
        List<Change> writes = plan.writes();
        String refused = askTheCluster(writes);
        if (refused != null) {
            progress.quietly(new DeployEvent(DeployEvent.Type.DONE, 0, 0, null, null, "rejected by the cluster"));
            return progress.result(DeployResult.Outcome.REJECTED, report, plan, refused);
        }
        boolean switchFlag = options.enableEgressPolicy() && Boolean.FALSE.equals(plan.egressPolicyEnabled());
        if (stopping) {
            progress.quietly(new DeployEvent(DeployEvent.Type.DONE, 0, 0, null, null, "rolled_back"));
            return progress.result(DeployResult.Outcome.ROLLED_BACK, report, plan, "stopped before the first write");
        }
        journal.begin(writes, switchFlag);
        return apply(writes, switchFlag, report, plan, progress);
    }

    /** The cluster's dry run of every write: null when it would take them all, else what it refused and why. */
    private String askTheCluster(List<Change> writes) {
        for (Change c : writes) {
            try {
                if (!writer.dryRun(c)) {
                    return null;
                }
            } catch (KubernetesClientException e) {
                return "the cluster refuses to " + c.action().name().toLowerCase() + " "
                        + c.key().describe() + " (dry run): " + e.getMessage();
            }
        }
        return null;
    }

    private DeployResult apply(List<Change> writes, boolean switchFlag, Report report, Plan plan, Progress progress) {
        int total = writes.size() + (switchFlag ? 1 : 0);
        Deque<Change> done = new ArrayDeque<>();
        boolean flagSwitched = false;
        int index = 0;
        Change current = null;
        boolean flagStep = false;
        try {
            for (Change c : writes) {
                current = c;
                checkNotStopping();
                writer.apply(c);
                done.push(c);
                progress.emit(new DeployEvent(
                        DeployEvent.Type.APPLIED,
                        ++index,
                        total,
                        c.action(),
                        c.key(),
                        c.action().name().toLowerCase() + "d " + c.key().describe()));
            }
            current = null;
            if (switchFlag) {
                flagStep = true;
                checkNotStopping();
                writer.setEgressPolicy(true);
                flagSwitched = true;
                progress.emit(new DeployEvent(
                        DeployEvent.Type.MESH_CONFIG,
                        ++index,
                        total,
                        Action.UPDATE,
                        null,
                        "enableEgressPolicy switched on"));
            }
        } catch (RuntimeException e) {
            String step = current != null
                    ? current.action().name().toLowerCase() + " "
                            + current.key().describe() + ": "
                    : flagStep && !flagSwitched ? "switch enableEgressPolicy on: " : "";
            String failure = step + e.getMessage();
            if (e instanceof Stopped) {
                logger.warn("deploy stopped, rolling back: {}", failure);
            } else {
                logger.warn("deploy failed, rolling back: {}", failure, e);
            }
            progress.quietly(new DeployEvent(
                    DeployEvent.Type.FAILED,
                    index + 1,
                    total,
                    current == null ? null : current.action(),
                    current == null ? null : current.key(),
                    failure));
            boolean complete = rollBack(done, flagSwitched, progress);
            if (complete) {
                journal.end();
            }
            DeployResult.Outcome outcome =
                    complete ? DeployResult.Outcome.ROLLED_BACK : DeployResult.Outcome.ROLLBACK_INCOMPLETE;
            progress.quietly(new DeployEvent(
                    DeployEvent.Type.DONE, 0, total, null, null, outcome.name().toLowerCase()));
            return progress.result(outcome, report, plan, failure);
        }
        journal.end();
        progress.quietly(new DeployEvent(
                DeployEvent.Type.DONE, 0, total, null, null, "applied " + writes.size() + " change(s)"));
        return progress.result(DeployResult.Outcome.APPLIED, report, plan, null);
    }

    private void checkNotStopping() {
        if (stopping) {
            throw new Stopped();
        }
    }

    /** {@link #stop(Duration)} was called: not a failure of the cluster, so no stack trace in the log. */
    private static final class Stopped extends IllegalStateException {
        Stopped() {
            super("the process is stopping");
        }
    }

    private boolean rollBack(Deque<Change> done, boolean flagSwitched, Progress progress) {
        boolean complete = true;
        if (flagSwitched) {
            try {
                writer.setEgressPolicy(false);
                progress.quietly(new DeployEvent(
                        DeployEvent.Type.ROLLED_BACK,
                        0,
                        0,
                        Action.UPDATE,
                        null,
                        "enableEgressPolicy switched off again"));
            } catch (RuntimeException e) {
                complete = false;
                logger.error("rollback could not switch enableEgressPolicy off again: {}", e.getMessage());
            }
        }
        while (!done.isEmpty()) {
            Change c = done.pop();
            try {
                writer.undo(c);
                progress.quietly(new DeployEvent(
                        DeployEvent.Type.ROLLED_BACK,
                        0,
                        0,
                        c.action(),
                        c.key(),
                        "undid " + c.action().name().toLowerCase() + " of "
                                + c.key().describe()));
            } catch (RuntimeException e) {
                complete = false;
                String message = "could not undo " + c.action().name().toLowerCase() + " of "
                        + c.key().describe() + ": " + e.getMessage();
                logger.error("rollback: {}", message);
                progress.quietly(new DeployEvent(DeployEvent.Type.FAILED, 0, 0, c.action(), c.key(), message));
            }
        }
        return complete;
    }

    /** The workspace without EgressTest documents, which live next to manifests but are never deployed. */
    private static List<Manifest> deployable(List<Manifest> workspace) {
        return workspace.stream().filter(m -> !"EgressTest".equals(m.kind())).toList();
    }

    /** The events of one deploy, kept for its result and passed on to its listener. */
    static final class Progress {
        private final List<DeployEvent> events = new ArrayList<>();
        private final DeployListener listener;

        Progress(DeployListener listener) {
            this.listener = listener;
        }

        void emit(DeployEvent e) {
            events.add(e);
            listener.onEvent(e);
        }

        /** For events after a failure: a listener that throws must not stop the rollback. */
        void quietly(DeployEvent e) {
            try {
                emit(e);
            } catch (RuntimeException ex) {
                logger.warn("deploy listener failed on {}: {}", e.type(), ex.getMessage());
            }
        }

        DeployResult result(DeployResult.Outcome outcome, Report report, Plan plan, String failure) {
            return new DeployResult(outcome, report, plan, events, failure);
        }
    }
}
