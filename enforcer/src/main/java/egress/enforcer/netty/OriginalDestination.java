package egress.enforcer.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.unix.RawUnixChannelOption;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a redirected client meant to connect. After an iptables {@code REDIRECT} (or {@code DNAT}) the
 * kernel's conntrack entry still holds the original address, and {@code getsockopt(SOL_IP,
 * SO_ORIGINAL_DST)} returns it as a {@code struct sockaddr_in}. Netty's epoll channels pass raw socket
 * options through {@link RawUnixChannelOption}, so no JNI of our own is needed. For an IPv6 connection (ip6tables)
 * the same option number at {@code SOL_IPV6} ({@code IP6T_SO_ORIGINAL_DST}) returns a {@code struct sockaddr_in6}.
 * When there is no NAT
 * entry (a direct connection, or iptables {@code TPROXY}, which keeps the original address as the local
 * one) the socket's local address is the original destination.
 */
final class OriginalDestination {
    private static final Logger LOG = LoggerFactory.getLogger(OriginalDestination.class);
    private static final int SOL_IP = 0;
    private static final int SO_ORIGINAL_DST = 80;
    private static final int SOL_IPV6 = 41;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final RawUnixChannelOption OPTION =
            new RawUnixChannelOption("SO_ORIGINAL_DST", SOL_IP, SO_ORIGINAL_DST, 16);
    private static final RawUnixChannelOption OPTION6 =
            new RawUnixChannelOption("IP6T_SO_ORIGINAL_DST", SOL_IPV6, SO_ORIGINAL_DST, 28);

    private OriginalDestination() {}

    static InetSocketAddress of(Channel ch) {
        InetSocketAddress local = (InetSocketAddress) ch.localAddress();
        if (!EventLoops.epoll()) {
            return local;
        }
        try {
            ByteBuffer raw = ch.config().getOption(local.getAddress() instanceof Inet6Address ? OPTION6 : OPTION);
            InetSocketAddress parsed = raw == null ? null : parse(raw);
            return parsed == null ? local : parsed;
        } catch (ChannelException | UnsupportedOperationException e) {
            LOG.debug("no SO_ORIGINAL_DST on {} ({}); using the local address", ch, e.toString());
            return local;
        }
    }

    /**
     * Parses a {@code struct sockaddr_in} (family in host order, port in network order, IPv4 address) or a
     * {@code struct sockaddr_in6} (family, port, flow info, IPv6 address).
     */
    static InetSocketAddress parse(ByteBuffer raw) {
        ByteBuffer b = raw.duplicate();
        if (b.remaining() < 8) {
            return null;
        }
        int family = b.order(ByteOrder.nativeOrder()).getShort(b.position()) & 0xffff;
        boolean v6 = family == AF_INET6 && b.remaining() >= 24;
        if (family != AF_INET && !v6) {
            return null;
        }
        b.order(ByteOrder.BIG_ENDIAN);
        int port = b.getShort(b.position() + 2) & 0xffff;
        byte[] ip = new byte[v6 ? 16 : 4];
        b.position(b.position() + (v6 ? 8 : 4));
        b.get(ip);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
