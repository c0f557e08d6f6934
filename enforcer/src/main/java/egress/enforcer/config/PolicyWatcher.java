package egress.enforcer.config;

import egress.policy.yaml.ManifestReader;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches manifest files and folders with a {@link WatchService} and runs a reload after changes
 * settle. A file is watched through its folder (editors replace files by renaming); a folder is
 * watched with its subfolders, including ones created later.
 */
final class PolicyWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyWatcher.class);
    private final WatchService service;
    private final Map<WatchKey, Path> dirs = new HashMap<>();
    private final Set<Path> watchedFiles = new HashSet<>();
    private final Set<Path> watchedFolders = new HashSet<>();
    private final long settleMillis;
    private final Runnable reload;
    private final Thread thread;

    private PolicyWatcher(WatchService service, long settleMillis, Runnable reload) {
        this.service = service;
        this.settleMillis = settleMillis;
        this.reload = reload;
        this.thread = new Thread(this::run, "egress-policy-watch");
        this.thread.setDaemon(true);
    }

    static PolicyWatcher start(List<Path> paths, long settleMillis, Runnable reload) throws IOException {
        PolicyWatcher w = new PolicyWatcher(FileSystems.getDefault().newWatchService(), settleMillis, reload);
        for (Path p : paths) {
            Path abs = p.toAbsolutePath().normalize();
            if (Files.isDirectory(abs)) {
                w.watchedFolders.add(abs);
                w.registerTree(abs);
            } else {
                w.watchedFiles.add(abs);
                w.register(abs.getParent());
            }
        }
        w.thread.start();
        return w;
    }

    private void registerTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path d : s.filter(Files::isDirectory).toList()) {
                register(d);
            }
        }
    }

    private void register(Path dir) throws IOException {
        WatchKey key = dir.register(
                service,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        dirs.put(key, dir);
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean relevant = handle(key);
                WatchKey more;
                while ((more = service.poll(settleMillis, TimeUnit.MILLISECONDS)) != null) {
                    relevant |= handle(more);
                }
                if (relevant) {
                    reload.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean handle(WatchKey key) {
        Path dir = dirs.get(key);
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (dir == null || !(event.context() instanceof Path name)) {
                relevant = true; // overflow: reload to be safe
                continue;
            }
            Path changed = dir.resolve(name);
            if (watchedFiles.contains(changed)
                    || (underWatchedFolder(dir)
                            && (ManifestReader.isManifestFile(changed) || Files.isDirectory(changed)))) {
                relevant = true;
            }
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
                try {
                    registerTree(changed);
                } catch (IOException e) {
                    LOG.warn("cannot watch new folder {}: {}", changed, e.getMessage());
                }
            }
        }
        key.reset();
        return relevant;
    }

    private boolean underWatchedFolder(Path dir) {
        return watchedFolders.stream().anyMatch(dir::startsWith);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the policy watch service: {}", e.getMessage());
        }
    }
}
