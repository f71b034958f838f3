package io.botgrid.grpc.internal;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelPipeline;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Error;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Stream;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Resets a stream whose response ended before its request did: once the front has sent its trailers while the client
 * is still sending, it sends {@code RST_STREAM(NO_ERROR)}, as RFC 9113 section 8.1 allows and gRPC asks of servers.
 *
 * <p>Why: grpc-java's server does not (its issue 2162). A request over the message size limit is refused after its
 * 5-byte header, with the status in trailers; the server then returns no more flow-control window for the stream,
 * and the grpc-java client, which has already half-closed the call (its end of stream waits behind the body), does
 * not reset it either. If the rest of the body does not fit the window, the stream stays open on both ends for good,
 * and after {@code maxConcurrentStreams} such requests every call on that connection waits until its deadline (found
 * by {@code LiveFuzzTest}: about 128 over-limit requests stalled a connection). With the reset the client stops
 * sending and both ends free the stream; the client keeps the status it already got.
 *
 * <p>grpc-java has no hook into its connection handler, so the front runs on event loops of its own, and its
 * listening channel puts a small handler first in the pipeline of each connection it accepts; on the
 * connection's first read after grpc installed its HTTP/2 handler (right away without TLS, after the handshake with
 * it), that handler registers a stream listener.
 */
public final class EarlyTrailerResets {
    private EarlyTrailerResets() {
    }

    /**
     * Makes {@code builder}'s server reset such streams, on event loops named after {@code nodeName}: Netty's epoll
     * transport where it is available (Linux, as grpc's own default), NIO elsewhere. Returns what stops those loops
     * once the server has terminated.
     */
    public static AutoCloseable install(NettyServerBuilder builder, String nodeName) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("botgrid-grpc-accept-" + nodeName, true), io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0,
                new DefaultThreadFactory("botgrid-grpc-netty-" + nodeName, true), io);
        builder.bossEventLoopGroup(boss).workerEventLoopGroup(workers)
                .channelFactory(() -> watched(epoll ? new EpollServerSocketChannel() : new NioServerSocketChannel()));
        return () -> {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        };
    }

    /** The front's listening channel, with {@link Accepted} ahead of the handler that takes each connection in. */
    private static ServerChannel watched(ServerChannel channel) {
        channel.pipeline().addLast(new Accepted());
        return channel;
    }

    /** Puts {@link Watch} first in the pipeline of each connection the listening channel accepts. */
    static final class Accepted extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel connection) {
                connection.pipeline().addFirst(new Watch());
            }
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * Waits for grpc's HTTP/2 handler to appear in the pipeline, then listens to its streams and leaves the pipeline
     * (the rest of the connection's reads do not pass through it).
     */
    static final class Watch extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean listening = listen(ctx.pipeline());
            ctx.fireChannelRead(msg);
            if (listening) {
                ctx.pipeline().remove(this);
            }
        }

        private static boolean listen(ChannelPipeline pipeline) {
            Http2ConnectionHandler http2 = pipeline.get(Http2ConnectionHandler.class);
            ChannelHandlerContext context = http2 == null ? null : pipeline.context(http2);
            if (context == null) {
                return false;
            }
            http2.connection().addListener(new Http2ConnectionAdapter() {
                @Override
                public void onStreamHalfClosed(Http2Stream stream) {
                    if (stream.state() == Http2Stream.State.HALF_CLOSED_LOCAL) {
                        // After the current write: the trailers go out first, then the reset.
                        context.executor().execute(() -> {
                            if (stream.state() == Http2Stream.State.HALF_CLOSED_LOCAL) {
                                http2.resetStream(context, stream.id(), Http2Error.NO_ERROR.code(),
                                        context.newPromise());
                                context.flush();
                            }
                        });
                    }
                }
            });
            return true;
        }
    }
}
