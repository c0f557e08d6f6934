package egress.server.api;

import egress.cluster.deploy.DeployEvent;
import egress.cluster.deploy.DeployListener;
import egress.cluster.deploy.DeployResult;
import java.util.ArrayList;
import java.util.List;

/** One deploy running in the background: its events so far, for any number of readers, and its result. */
final class DeployJob implements DeployListener {
    private final String id;
    private final List<DeployEvent> events = new ArrayList<>();
    private DeployResult result;

    DeployJob(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    @Override
    public synchronized void onEvent(DeployEvent event) {
        events.add(event);
        notifyAll();
    }

    synchronized void finish(DeployResult r) {
        this.result = r;
        notifyAll();
    }

    synchronized DeployResult result() {
        return result;
    }

    synchronized List<DeployEvent> events() {
        return List.copyOf(events);
    }

    /**
     * The event at {@code index}, waiting up to {@code timeoutMillis} for it; null when the job ended without
     * it or the time ran out.
     */
    synchronized DeployEvent await(int index, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (index >= events.size() && result == null) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        return index < events.size() ? events.get(index) : null;
    }
}
