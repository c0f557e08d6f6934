package egress.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Answers 421 to a request whose {@code Host} is not this server: DNS rebinding turns a page of some other site
 * into a same-origin caller of 127.0.0.1, but its requests still name that site in {@code Host}. Allowed are the
 * address the server is bound to and localhost, 127.0.0.1 and [::1], each with the server's port (a server bound
 * to every interface also answers to each interface's address and to this machine's name).
 */
final class HostCheck implements Handler {
    private volatile Set<String> allowed = Set.of();

    void listeningOn(String host, int port) {
        Set<String> names = new HashSet<>(List.of(host, "localhost", "127.0.0.1", "[::1]"));
        InetAddress bound = address(host);
        if (bound != null && bound.isAnyLocalAddress()) {
            names.addAll(interfaceAddresses());
            try {
                names.add(InetAddress.getLocalHost().getHostName());
            } catch (UnknownHostException e) {
                // no name for this machine: its addresses are enough
            }
        }
        Set<String> out = new HashSet<>();
        for (String n : names) {
            String name = n.contains(":") && !n.startsWith("[") ? "[" + n + "]" : n;
            out.add(name.toLowerCase(Locale.ROOT) + ":" + port);
            if (port == 80) {
                out.add(name.toLowerCase(Locale.ROOT));
            }
        }
        allowed = Set.copyOf(out);
    }

    @Override
    public void handle(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !allowed.contains(host.trim().toLowerCase(Locale.ROOT))) {
            throw new ApiException(
                    421,
                    "misdirected-request",
                    "This server does not answer to that host name",
                    List.of(ProblemDetail.field(
                            "Host",
                            "was " + (host == null ? "absent" : printable(host))
                                    + "; open the address egress serve printed")));
        }
    }

    private static String printable(String s) {
        String shown = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static Set<String> interfaceAddresses() {
        Set<String> out = new HashSet<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    String text = a.getHostAddress();
                    int zone = text.indexOf('%');
                    out.add(zone < 0 ? text : text.substring(0, zone));
                }
            }
        } catch (SocketException e) {
            // no interfaces listed: only the names above
        }
        return out;
    }
}
