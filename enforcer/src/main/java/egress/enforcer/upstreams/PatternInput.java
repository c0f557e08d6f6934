package egress.enforcer.upstreams;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/** {@link egress.policy.httpbin.Httpbin.Pattern}'s body, produced chunk by chunk as the peer reads. */
final class PatternInput implements ChunkedInput<ByteBuf> {
    private static final int CHUNK = 16 * 1024;
    private final long length;
    private long sent;

    PatternInput(long length) {
        this.length = length;
    }

    /** The byte at an offset: every body of the same length is the same, so tests can check it. */
    static byte at(long offset) {
        return egress.policy.httpbin.Httpbin.Pattern.at(offset);
    }

    @Override
    public boolean isEndOfInput() {
        return sent >= length;
    }

    @Override
    public void close() {
        sent = length;
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator alloc) {
        if (isEndOfInput()) {
            return null;
        }
        int n = (int) Math.min(CHUNK, length - sent);
        ByteBuf buf = alloc.buffer(n);
        for (int i = 0; i < n; i++) {
            buf.writeByte(at(sent + i));
        }
        sent += n;
        return buf;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return sent;
    }
}
