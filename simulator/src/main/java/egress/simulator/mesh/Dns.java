package egress.simulator.mesh;

import egress.policy.match.Ipv4;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The simulated DNS: names given in the table answer with their address, any other name with a
 * stable address of its own in 198.18.0.0/15 (the benchmarking range, never a real host). A name
 * containing {@code *} never resolves, as no real resolver would answer for it.
 */
public final class Dns {
    private final Map<String, Integer> table = new HashMap<>();

    public Dns() {
    }

    public Dns(Map<String, String> entries) {
        entries.forEach(this::put);
    }

    public void put(String name, String address) {
        table.put(name.toLowerCase(Locale.ROOT), Ipv4.parse(address));
    }

    /** The address of a name or IPv4 literal, or -1 when it does not resolve. */
    public long resolve(String name) {
        long literal = Ipv4.tryParse(name);
        if (literal >= 0) {
            return literal;
        }
        if (name == null || name.isEmpty() || name.contains("*")) {
            return -1;
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (key.endsWith(".")) {
            key = key.substring(0, key.length() - 1);
        }
        Integer ip = table.get(key);
        if (ip != null) {
            return ip & 0xffffffffL;
        }
        int h = key.hashCode() * 0x9E3779B9;
        int base = Ipv4.parse("198.18.0.0");
        return (base | ((h ^ (h >>> 15)) & 0x1fffe) | 1) & 0xffffffffL;
    }
}
