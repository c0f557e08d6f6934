package egress.enforcer.transparent;

import egress.fixtures.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod made of Linux pieces: a network namespace {@code egt-ID} joined to the host by a veth pair
 * ({@code 10.200.X.1} on the host side, {@code 10.200.X.2} inside, default route to the host), a hosts
 * file under {@code /etc/netns/egt-ID/hosts} that {@code ip netns exec} mounts over {@code /etc/hosts}
 * (so {@code httpbin.org} is the host side, where the built-in upstreams listen), and an iptables rule
 * in the host's nat PREROUTING chain that redirects every TCP connection arriving from the pod to the
 * enforcer's port. Everything is removed by {@link #close()}, also after a failed setup.
 */
final class PodNamespace implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodNamespace.class);
    final String name;
    final String hostAddress;
    final String podAddress;
    /** IPv6 on the same pair, once {@link #enableIpv6()} has run: fd00:200:X::1 (host side) and ::2 (pod). */
    final String hostAddress6;

    final String podAddress6;
    private final String hostIf;
    private final String podIf;
    private final Deque<List<String>> undo = new ArrayDeque<>();

    private PodNamespace(String id, int subnet) {
        this.name = "egt-" + id;
        this.hostIf = "egh-" + id;
        this.hostAddress = "10.200." + subnet + ".1";
        this.podAddress = "10.200." + subnet + ".2";
        this.hostAddress6 = "fd00:200:" + Integer.toHexString(subnet) + "::1";
        this.podAddress6 = "fd00:200:" + Integer.toHexString(subnet) + "::2";
        this.podIf = "egp-" + id;
    }

    /** Aborts (or, under CI=true, fails) the test when the machine cannot make namespaces. */
    static void assumeAvailable() {
        List<String> missing = new ArrayList<>();
        if (!"0".equals(run(List.of("id", "-u")).trim())) {
            missing.add("root");
        }
        for (String tool : List.of("ip", "iptables", "curl")) {
            if (!ExternalTools.onPath(tool)) {
                missing.add(tool);
            }
        }
        ExternalTools.require(
                missing.isEmpty(),
                "transparent-mode tests need " + String.join(", ", missing)
                        + " (run-tests installs iproute2, iptables and curl; root means running the tests as root)");
    }

    /** Creates the pod with its hosts file; {@link #redirectTo(int)} adds the iptables rule. */
    static PodNamespace create(String hostsFile) {
        String id = Long.toString(ProcessHandle.current().pid() % 100000, 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
        PodNamespace pod = new PodNamespace(id, freeSubnet());
        try {
            pod.setUp(hostsFile.replace("HOST", pod.hostAddress));
            return pod;
        } catch (RuntimeException | IOException e) {
            pod.close();
            throw new IllegalStateException("cannot make the test namespace: " + e.getMessage(), e);
        }
    }

    private void setUp(String hosts) throws IOException {
        step(List.of("ip", "netns", "add", name), List.of("ip", "netns", "del", name));
        step(
                List.of("ip", "link", "add", hostIf, "type", "veth", "peer", "name", podIf),
                List.of("ip", "link", "del", hostIf));
        step(List.of("ip", "link", "set", podIf, "netns", name), null);
        step(List.of("ip", "addr", "add", hostAddress + "/24", "dev", hostIf), null);
        step(List.of("ip", "link", "set", hostIf, "up"), null);
        step(List.of("ip", "-n", name, "link", "set", "lo", "up"), null);
        step(List.of("ip", "-n", name, "addr", "add", podAddress + "/24", "dev", podIf), null);
        step(List.of("ip", "-n", name, "link", "set", podIf, "up"), null);
        step(List.of("ip", "-n", name, "route", "add", "default", "via", hostAddress), null);
        Path dir = Path.of("/etc/netns", name);
        Files.createDirectories(dir);
        undo.push(List.of("rm", "-rf", dir.toString()));
        Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n" + hosts);
    }

    /** Every TCP connection the pod opens goes to {@code hostAddress:port} instead, original destination kept. */
    void redirectTo(int port) {
        List<String> rule = List.of(
                "PREROUTING",
                "-i",
                hostIf,
                "-p",
                "tcp",
                "-j",
                "REDIRECT",
                "--to-ports",
                Integer.toString(port),
                "-m",
                "comment",
                "--comment",
                "egress-test " + name);
        List<String> add = new ArrayList<>(List.of("iptables", "-w", "-t", "nat", "-A"));
        add.addAll(rule);
        List<String> del = new ArrayList<>(List.of("iptables", "-w", "-t", "nat", "-D"));
        del.addAll(rule);
        step(add, del);
    }

    /**
     * IPv6 on the veth pair (no duplicate address detection, so the addresses are usable at once) and the pod's
     * default IPv6 route via the host side.
     */
    void enableIpv6() {
        step(List.of("ip", "-6", "addr", "add", hostAddress6 + "/64", "dev", hostIf, "nodad"), null);
        step(List.of("ip", "-n", name, "-6", "addr", "add", podAddress6 + "/64", "dev", podIf, "nodad"), null);
        step(List.of("ip", "-n", name, "-6", "route", "add", "default", "via", hostAddress6), null);
    }

    /** One more IPv6 address on the host side of the pair (a destination the pod can reach through it). */
    void addHostAddress6(String address) {
        step(
                List.of("ip", "-6", "addr", "add", address + "/128", "dev", hostIf, "nodad"),
                List.of("ip", "-6", "addr", "del", address + "/128", "dev", hostIf));
    }

    /** {@link #redirectTo} for IPv6: ip6tables sends every TCP connection from the pod to the host side's port. */
    void redirect6To(int port) {
        List<String> rule = List.of(
                "PREROUTING",
                "-i",
                hostIf,
                "-p",
                "tcp",
                "-j",
                "REDIRECT",
                "--to-ports",
                Integer.toString(port),
                "-m",
                "comment",
                "--comment",
                "egress-test " + name);
        List<String> add = new ArrayList<>(List.of("ip6tables", "-w", "-t", "nat", "-A"));
        add.addAll(rule);
        List<String> del = new ArrayList<>(List.of("ip6tables", "-w", "-t", "nat", "-D"));
        del.addAll(rule);
        step(add, del);
    }

    /** Runs a command inside the pod (with its hosts file) and returns its exit code and output. */
    Result exec(String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        return execute(cmd, 30);
    }

    record Result(int exit, String out, String err) {}

    private void step(List<String> command, List<String> undoCommand) {
        Result r = execute(command, 10);
        if (r.exit() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed: " + r.err().trim());
        }
        if (undoCommand != null) {
            undo.push(undoCommand);
        }
    }

    @Override
    public void close() {
        while (!undo.isEmpty()) {
            List<String> cmd = undo.pop();
            Result r = execute(cmd, 10);
            if (r.exit() != 0) {
                LOG.warn(
                        "cleanup '{}' failed: {}",
                        String.join(" ", cmd),
                        r.err().trim());
            }
        }
    }

    /** A 10.200.X.0/24 that no interface of this machine uses yet. */
    private static int freeSubnet() {
        String addrs = run(List.of("ip", "-o", "-4", "addr", "show"));
        for (int tries = 0; tries < 100; tries++) {
            int x = 1 + ThreadLocalRandom.current().nextInt(250);
            if (!addrs.contains(" 10.200." + x + ".")) {
                return x;
            }
        }
        throw new IllegalStateException("no free 10.200.X.0/24 subnet");
    }

    private static String run(List<String> command) {
        return execute(command, 10).out();
    }

    static Result execute(List<String> command, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", "timed out: " + command);
            }
            return new Result(
                    p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
    }
}
