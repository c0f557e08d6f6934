package egress.enforcer.netty;

import egress.policy.match.Decision;
import egress.policy.match.Signal;
import egress.policy.model.ObjectRef;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.io.ByteArrayOutputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes of the proxy's HTTP refusals ({@link ProxyResponses#denied}), encoded once per signal and deciding
 * policy rather than built, validated and encoded for every refused request: the refusal path's work per request
 * is then the decision and one write. The bytes are those Netty's encoder writes for the same response, in its
 * four forms (kept alive or closing, with or without the body a HEAD leaves out). At most {@link #MAX} policies
 * are remembered per signal; beyond, a refusal is built as before.
 */
final class DeniedAnswers {
    static final int MAX = 4096;
    private static final Object NO_POLICY = new Object();

    /** One refusal's four forms, indexed by {@link #form}, and the length of its body. */
    record Answer(byte[][] forms, int bodyLength) {}

    private static final Map<Signal, ConcurrentHashMap<Object, Answer>> ANSWERS = new EnumMap<>(Signal.class);

    static {
        for (Signal s : Signal.values()) {
            if (s.httpStatus() > 0) {
                ANSWERS.put(s, new ConcurrentHashMap<>());
            }
        }
    }

    private DeniedAnswers() {}

    /** The encoded refusal of {@code d} (whose signal has an HTTP status), or null when it is not remembered. */
    static Answer of(Decision d) {
        ConcurrentHashMap<Object, Answer> bySignal = ANSWERS.get(d.signal());
        if (bySignal == null) {
            return null;
        }
        ObjectRef policy = d.policy();
        Object key = policy == null ? NO_POLICY : policy;
        Answer a = bySignal.get(key);
        if (a == null && bySignal.size() < MAX) {
            a = bySignal.computeIfAbsent(key, k -> encode(d));
        }
        return a;
    }

    static int form(boolean close, boolean head) {
        return (close ? 1 : 0) + (head ? 2 : 0);
    }

    private static Answer encode(Decision d) {
        byte[][] forms = new byte[4][];
        int body = 0;
        for (boolean close : new boolean[] {false, true}) {
            for (boolean head : new boolean[] {false, true}) {
                FullHttpResponse res = ProxyResponses.denied(d);
                body = res.content().readableBytes();
                forms[form(close, head)] = encoded(ProxyResponses.asSent(res, !close, head));
            }
        }
        return new Answer(forms, body);
    }

    /** What Netty's response encoder writes for {@code res}. */
    private static byte[] encoded(FullHttpResponse res) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpResponseEncoder());
        ch.writeOutbound(res);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            byte[] part = new byte[b.readableBytes()];
            b.readBytes(part);
            out.writeBytes(part);
            b.release();
        }
        ch.finishAndReleaseAll();
        return out.toByteArray();
    }
}
