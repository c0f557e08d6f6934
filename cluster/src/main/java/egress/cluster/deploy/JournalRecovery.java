package egress.cluster.deploy;

import egress.policy.validate.Report;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes or rolls back the deploy a journal records, not knowing how far it got: every step is written so that
 * it may run twice (apply again; delete if present; put back the previous version; create if missing).
 */
final class JournalRecovery {
    private static final Logger logger = LoggerFactory.getLogger(JournalRecovery.class);

    private final ClusterWriter writer;
    private final DeployJournal journal;

    JournalRecovery(ClusterWriter writer, DeployJournal journal) {
        this.writer = writer;
        this.journal = journal;
    }

    DeployResult run(DeployJournal.Entry entry, boolean rollBack, DeployService.Progress progress) {
        List<Change> changes = new ArrayList<>(entry.changes());
        int total = changes.size() + (entry.flagSwitch() ? 1 : 0);
        List<String> failures = new ArrayList<>();
        if (rollBack) {
            if (entry.flagSwitch()) {
                step(
                        failures,
                        progress,
                        () -> writer.setEgressPolicy(false),
                        new DeployEvent(
                                DeployEvent.Type.ROLLED_BACK,
                                0,
                                total,
                                Action.UPDATE,
                                null,
                                "enableEgressPolicy is off"));
            }
            for (int i = changes.size() - 1; i >= 0; i--) {
                Change c = changes.get(i);
                step(
                        failures,
                        progress,
                        () -> writer.undoIfApplied(c),
                        new DeployEvent(
                                DeployEvent.Type.ROLLED_BACK,
                                0,
                                total,
                                c.action(),
                                c.key(),
                                "undid " + c.action().name().toLowerCase() + " of "
                                        + c.key().describe()));
            }
        } else {
            int index = 0;
            for (Change c : changes) {
                step(
                        failures,
                        progress,
                        () -> writer.redo(c),
                        new DeployEvent(
                                DeployEvent.Type.APPLIED,
                                ++index,
                                total,
                                c.action(),
                                c.key(),
                                c.action().name().toLowerCase() + "d " + c.key().describe()));
            }
            if (entry.flagSwitch()) {
                step(
                        failures,
                        progress,
                        () -> writer.setEgressPolicy(true),
                        new DeployEvent(
                                DeployEvent.Type.MESH_CONFIG,
                                ++index,
                                total,
                                Action.UPDATE,
                                null,
                                "enableEgressPolicy is on"));
            }
        }
        DeployResult.Outcome outcome;
        if (failures.isEmpty()) {
            journal.end();
            outcome = rollBack ? DeployResult.Outcome.ROLLED_BACK : DeployResult.Outcome.APPLIED;
        } else {
            outcome = rollBack ? DeployResult.Outcome.ROLLBACK_INCOMPLETE : DeployResult.Outcome.UNFINISHED;
        }
        progress.quietly(new DeployEvent(
                DeployEvent.Type.DONE,
                0,
                total,
                null,
                null,
                (rollBack ? "rolled back " : "finished ")
                        + entry.describe()
                        + (failures.isEmpty()
                                ? ""
                                : "; " + failures.size() + " step(s) failed, the journal stays: " + journal.file())));
        return progress.result(
                outcome,
                new Report(List.of(), List.of()),
                null,
                failures.isEmpty() ? null : String.join("; ", failures));
    }

    private static void step(
            List<String> failures, DeployService.Progress progress, Runnable action, DeployEvent done) {
        try {
            action.run();
            progress.quietly(done);
        } catch (RuntimeException e) {
            String message = done.message() + " failed: " + e.getMessage();
            logger.error("recovering a deploy: {}", message);
            failures.add(message);
            progress.quietly(
                    new DeployEvent(DeployEvent.Type.FAILED, 0, done.total(), done.action(), done.key(), message));
        }
    }
}
